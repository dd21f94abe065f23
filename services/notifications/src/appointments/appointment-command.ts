import { EVENTS, type Appointment } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import { invalidEvent } from '../notifications.errors';

export type AppointmentChange = 'booked' | 'rescheduled' | 'type_changed' | 'cancelled' | 'closed';

export interface PlanPatientNotificationsCommand {
  change: AppointmentChange;
  appointment: Appointment;
  causeEventId: string;
}

/**
 * The planning command of a scheduling.appointment.v1 event; null for types that plan nothing.
 * An event without its appointment can never be planned: `notifications.invalid_event`, dead-
 * lettered at once. (One naming another clinic never gets here: the runner refuses it.)
 */
export function appointmentCommandOf(event: ConsumedEvent): PlanPatientNotificationsCommand | null {
  const decoded = changeOf(event);
  if (!decoded) return null;
  const [change, appointment] = decoded;
  if (!appointment) throw invalidEvent('the event carries no appointment');
  return { change, appointment, causeEventId: event.envelope.id };
}

function changeOf(event: ConsumedEvent): [AppointmentChange, Appointment | undefined] | null {
  if (isEventOf(event, EVENTS.appointmentBooked)) return ['booked', event.payload.appointment];
  if (isEventOf(event, EVENTS.appointmentRescheduled)) return ['rescheduled', event.payload.appointment];
  if (isEventOf(event, EVENTS.appointmentTypeChanged)) return ['type_changed', event.payload.appointment];
  if (isEventOf(event, EVENTS.appointmentCancelled)) return ['cancelled', event.payload.appointment];
  if (isEventOf(event, EVENTS.appointmentArrived) || isEventOf(event, EVENTS.appointmentNoShow)) {
    return ['closed', event.payload.appointment];
  }
  return null;
}
