import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { decodeEventPayload, EVENTS, TOPICS } from '@carebus/contracts';
import { outboxEventOf } from './outbox-event-of';

const CLINIC = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
const at = new Date('2026-03-01T10:00:00Z');
const clinic = {
  clinicId: CLINIC,
  name: 'Fjordbyen',
  timeZone: 'Europe/Oslo',
  version: 2n,
  updatedAt: timestampFromDate(at),
};

describe('outboxEventOf', () => {
  it('takes type, topic and aggregate from the definition and encodes the payload', () => {
    const event = outboxEventOf(
      EVENTS.clinicUpdated,
      { aggregateId: CLINIC, clinicId: CLINIC, time: at },
      clinic,
    );
    expect(event).toMatchObject({
      type: 'carebus.scheduling.clinic.updated.v1',
      topic: TOPICS.schedulingClinic,
      aggregateType: 'clinic',
      aggregateId: CLINIC,
      clinicId: CLINIC,
      time: at,
    });
    expect(decodeEventPayload(EVENTS.clinicUpdated, event.payload)).toMatchObject({
      name: 'Fjordbyen',
      version: 2n,
    });
  });

  it('sends to a topic given instead, and leaves the time to the outbox when none is given', () => {
    const event = outboxEventOf(
      EVENTS.clinicUpdated,
      { topic: 'test.x.scheduling.clinic.v1', aggregateId: CLINIC, clinicId: CLINIC },
      clinic,
    );
    expect(event.topic).toBe('test.x.scheduling.clinic.v1');
    expect('time' in event).toBe(false);
  });
});
