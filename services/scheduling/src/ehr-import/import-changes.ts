import { EhrAppointmentStatus } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { Appointment } from '../appointments/appointment';
import type { AppointmentChange } from '../appointments/appointment-change';
import { importedAppointmentEvents } from '../appointments/appointment-events';
import type { ImportedAppointment } from './imported-appointment';

/** One change an import makes to an appointment, and the event it emits. */
export interface ImportStep {
  change: AppointmentChange;
  event: (after: Appointment, previous: Appointment) => OutboxEvent;
}

export const CANCELLED_IN_EHR = 'Cancelled in the EHR';

/**
 * What an EHR's newer copy changes in the appointment imported before, in order: a cancellation;
 * or a move, a type change and an arrival. An appointment no longer active stays as it is.
 */
export function importChanges(
  before: Appointment,
  imported: ImportedAppointment,
  target: { calendarId: string; type: { id: string; hidden: boolean } },
  now: Date,
): ImportStep[] {
  const steps: ImportStep[] = [];
  const appointmentEvents = importedAppointmentEvents(imported.connectionId);
  const active = before.status === 'booked' || before.status === 'arrived';
  if (!active) return steps;
  if (imported.status === EhrAppointmentStatus.CANCELLED) {
    steps.push({
      change: {
        status: 'cancelled',
        cancelledAt: now,
        cancelledBy: 'clinic',
        cancelReason: CANCELLED_IN_EHR,
      },
      event: (after) => appointmentEvents.cancelled(after, 'clinic', CANCELLED_IN_EHR),
    });
    return steps;
  }
  const moved =
    before.calendarId !== target.calendarId ||
    before.start.getTime() !== imported.start.getTime() ||
    before.end.getTime() !== imported.end.getTime();
  if (moved) {
    steps.push({
      change: { calendarId: target.calendarId, start: imported.start, end: imported.end },
      event: appointmentEvents.rescheduled,
    });
  }
  if (before.appointmentTypeId !== target.type.id) {
    steps.push({
      change: { appointmentTypeId: target.type.id, hidden: target.type.hidden },
      event: appointmentEvents.typeChanged,
    });
  }
  if (imported.status === EhrAppointmentStatus.ARRIVED && before.status === 'booked') {
    steps.push({
      change: { status: 'arrived', arrivedAt: now },
      event: (after) => appointmentEvents.arrived(after, now),
    });
  }
  return steps;
}
