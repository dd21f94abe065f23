import { Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import { calendarNotFound, slotTaken } from '../../scheduling.errors';
import type { Appointment } from '../appointment';
import { AppointmentChanges, requireStatus } from '../appointment-changes';
import { appointmentEvents } from '../appointment-events';

export interface RescheduleAppointmentCommand {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
  start: Date;
  /** Another calendar of the clinic; the same one when omitted. */
  calendarId?: string | undefined;
}

/** Moves a booked appointment, keeping its length; the database still rules out double booking. */
@Injectable()
export class RescheduleAppointmentUseCase {
  constructor(
    private readonly changes: AppointmentChanges,
    private readonly context: BookingContextRepository,
  ) {}

  execute(c: RescheduleAppointmentCommand): Promise<Appointment> {
    return this.changes.run({ ...c, action: 'appointment.reschedule' }, async (current, tx) => {
      requireStatus(current, 'booked');
      const calendarId = c.calendarId ?? current.calendarId;
      if (!(await this.context.calendar(tx, calendarId))) throw calendarNotFound();
      const end = new Date(c.start.getTime() + (current.end.getTime() - current.start.getTime()));
      if (calendarId === current.calendarId && c.start.getTime() === current.start.getTime()) return null;
      if (await this.context.unavailableOverlaps(tx, calendarId, c.start, end)) throw slotTaken();
      return {
        change: { calendarId, start: c.start, end },
        event: (after, before) => appointmentEvents.rescheduled(after, before),
      };
    });
  }
}
