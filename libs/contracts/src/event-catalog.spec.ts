import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { PayloadDecodeError } from './errors';
import {
  decodeEventPayload,
  encodeEventPayload,
  EVENT_TYPES,
  eventDefinition,
  EVENTS,
  payloadClinicId,
  type EventDefinition,
} from './event-catalog';
import { AppointmentBookedSchema } from './gen/carebus/scheduling/v1/appointment_events_pb';
import { CancelledBy } from './gen/carebus/scheduling/v1/appointment_events_pb';
import { AppointmentStatus, ContactSurface, SourceChannel } from './gen/carebus/scheduling/v1/appointment_pb';
import { SyncRunKind, SyncRunOutcome } from './gen/carebus/ehrsync/v1/alert_events_pb';
import { TOPICS } from './topics';

const definitions: EventDefinition[] = Object.values(EVENTS);
const appointment = {
  appointmentId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  clinicId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  calendarId: '11111111-2222-4333-8444-555555555555',
  patientId: '22222222-3333-4444-8555-666666666666',
  startTime: timestampFromDate(new Date('2026-03-02T09:00:00Z')),
  endTime: timestampFromDate(new Date('2026-03-02T09:20:00Z')),
  contactSurface: ContactSurface.VIDEO,
  status: AppointmentStatus.CANCELLED,
  hidden: true,
  sourceChannel: SourceChannel.PATIENT_ONLINE,
  notificationsEnabled: true,
};

describe('event catalogue', () => {
  it('puts every event on a <service>.<aggregate>.v<major> topic', () => {
    for (const definition of definitions) {
      expect(definition.topic).toMatch(/^[a-z-]+\.[a-z_]+\.v\d+$/);
    }
    expect(EVENTS.testSequenced.topic).toBe(TOPICS.testingSequence);
  });

  it('gives every event a unique carebus.* type ending in its major version', () => {
    expect(new Set(EVENT_TYPES).size).toBe(definitions.length);
    for (const definition of definitions) {
      expect(definition.type).toMatch(/^carebus\.[a-z_]+(\.[a-z_]+)+\.v\d+$/);
      expect(definition.type.endsWith(definition.topic.slice(definition.topic.lastIndexOf('.')))).toBe(true);
      expect(definition.aggregateType).toMatch(/^[a-z_]+$/);
    }
  });

  it('uses each payload message for one event only', () => {
    const typeNames = definitions.map((d) => d.schema.typeName);
    expect(new Set(typeNames).size).toBe(typeNames.length);
  });

  it('looks definitions up by type', () => {
    expect(eventDefinition('carebus.scheduling.appointment.booked.v1')).toBe(EVENTS.appointmentBooked);
    expect(eventDefinition('carebus.scheduling.appointment.booked.v2')).toBeUndefined();
  });
});

describe('event payloads', () => {
  it('round-trips an appointment cancellation with its snapshot', () => {
    const bytes = encodeEventPayload(EVENTS.appointmentCancelled, {
      appointment,
      cancelledBy: CancelledBy.PATIENT,
      reason: 'Feeling better',
    });
    const decoded = decodeEventPayload(EVENTS.appointmentCancelled, bytes);
    expect(decoded.cancelledBy).toBe(CancelledBy.PATIENT);
    expect(decoded.reason).toBe('Feeling better');
    expect(decoded.appointment).toMatchObject({
      ...appointment,
      appointmentTypeName: '',
      patientInformation: '',
    });
  });

  it('decodes by CloudEvents type, as the consumer runner does', () => {
    const bytes = encodeEventPayload(EVENTS.syncRunFinished, {
      syncRunId: '33333333-4444-4555-8666-777777777777',
      kind: SyncRunKind.APPOINTMENTS,
      outcome: SyncRunOutcome.FAILED,
      errorCode: 'ehrsync.ehr_unreachable',
    });
    const decoded = decodeEventPayload('carebus.ehrsync.sync_run.finished.v1', bytes);
    expect(decoded.$typeName).toBe('carebus.ehrsync.v1.SyncRunFinished');
    expect(decoded).toMatchObject({ kind: SyncRunKind.APPOINTMENTS, errorCode: 'ehrsync.ehr_unreachable' });
  });

  it('round-trips the 64-bit sequence and padding of the test event', () => {
    const bytes = encodeEventPayload(EVENTS.testSequenced, {
      aggregateId: 'a-1',
      sequence: 9_007_199_254_740_993n,
      padding: new Uint8Array([1, 2, 3]),
    });
    const decoded = decodeEventPayload(EVENTS.testSequenced, bytes);
    expect(decoded.sequence).toBe(9_007_199_254_740_993n);
    expect(decoded.padding).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('keeps fields it does not know (a newer v1 producer added them)', () => {
    const newer = new Uint8Array([
      ...toBinary(AppointmentBookedSchema, create(AppointmentBookedSchema)),
      0xf8,
      0x06,
      0x01,
    ]);
    expect(() => decodeEventPayload(EVENTS.appointmentBooked, newer)).not.toThrow();
  });

  it('rejects an unknown type as invalid (dead-lettered, never retried)', () => {
    const error = catchError(() => decodeEventPayload('carebus.unknown.thing.v1', new Uint8Array()));
    expect(error).toBeInstanceOf(PayloadDecodeError);
    expect(error).toMatchObject({ code: 'payload.unknown_type', kind: 'invalid' });
  });

  it.each([
    ['truncated length-delimited field', [0x0a, 0x05, 0x01]],
    ['illegal wire type', [0x0f]],
    ['field number 0', [0x00]],
    ['plain text', [...Buffer.from('hello world')]],
  ])('rejects garbage bytes (%s) as invalid (dead-lettered, never retried)', (_name, bytes) => {
    const error = catchError(() =>
      decodeEventPayload('carebus.scheduling.appointment.booked.v1', new Uint8Array(bytes)),
    );
    expect(error).toBeInstanceOf(PayloadDecodeError);
    expect(error).toMatchObject({
      code: 'payload.invalid',
      kind: 'invalid',
      eventType: 'carebus.scheduling.appointment.booked.v1',
    });
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('payloadClinicId', () => {
  const CLINIC = '0b5e1f3a-7c2d-4e8f-9a10-000000000001';
  // A payload of every type of a service names its clinic, so consumers can hold it against the
  // clinicid header; only the backbone's own test event names none.
  it.each(Object.values(EVENTS).filter((d) => d !== EVENTS.testSequenced))(
    'finds the clinic of a $type payload',
    (definition) => {
      const snapshot = definition.schema.fields.find((f) => f.fieldKind === 'message');
      const init =
        snapshot && !definition.schema.fields.some((f) => f.localName === 'clinicId')
          ? { [snapshot.localName]: { clinicId: CLINIC } }
          : { clinicId: CLINIC };
      const payload = decodeEventPayload(
        definition.type,
        encodeEventPayload(definition as EventDefinition, init as never),
      );
      expect(payloadClinicId(payload)).toBe(CLINIC);
    },
  );

  it('is undefined for a payload that names no clinic', () => {
    const payload = decodeEventPayload(
      EVENTS.testSequenced.type,
      encodeEventPayload(EVENTS.testSequenced, {}),
    );
    expect(payloadClinicId(payload)).toBeUndefined();
  });
});
