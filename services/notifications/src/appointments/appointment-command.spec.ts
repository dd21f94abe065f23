import { randomUUID } from 'node:crypto';
import { EVENTS, type Appointment, type EventDefinition } from '@carebus/contracts';
import { DomainError, isRetryable } from '@carebus/errors';
import type { ConsumedEvent } from '@carebus/messaging-kafka';
import { appointmentCommandOf } from './appointment-command';

const CLINIC = randomUUID();

function eventOf(definition: EventDefinition, payload: object, clinicId = CLINIC): ConsumedEvent {
  return {
    envelope: {
      id: randomUUID(),
      type: definition.type,
      source: '/carebus/scheduling',
      time: new Date(),
      clinicId,
      dataContentType: 'application/protobuf',
    },
    payload: payload as ConsumedEvent['payload'],
    key: null,
    topic: 'scheduling.appointment.v1',
    partition: 0,
    offset: '0',
    timestamp: new Date(),
    attempt: 1,
  };
}

const appointment = { appointmentId: randomUUID(), clinicId: CLINIC } as Appointment;

describe('the planning command of an appointment event', () => {
  it.each([
    [EVENTS.appointmentBooked, 'booked'],
    [EVENTS.appointmentRescheduled, 'rescheduled'],
    [EVENTS.appointmentTypeChanged, 'type_changed'],
    [EVENTS.appointmentCancelled, 'cancelled'],
    [EVENTS.appointmentArrived, 'closed'],
    [EVENTS.appointmentNoShow, 'closed'],
  ])('%s → %s', (definition, change) => {
    const event = eventOf(definition, { appointment });
    expect(appointmentCommandOf(event)).toEqual({ change, appointment, causeEventId: event.envelope.id });
  });

  it('plans nothing for other types', () => {
    expect(appointmentCommandOf(eventOf(EVENTS.appointmentVideoStarted, { appointment }))).toBeNull();
  });

  it('dead-letters an event without its appointment at once', () => {
    let error: unknown;
    try {
      appointmentCommandOf(eventOf(EVENTS.appointmentBooked, {}));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('notifications.invalid_event');
    expect(isRetryable(error)).toBe(false);
  });
});
