import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { CLOCK, type Clock } from '@carebus/platform';
import { appointmentNotStarted } from '../../scheduling.errors';
import type { Appointment } from '../appointment';
import { AppointmentChanges, requireStatus } from '../appointment-changes';
import { appointmentEvents } from '../appointment-events';

export interface MarkNoShowCommand {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
}

/** Marks that the patient did not come; only once the appointment has started. */
@Injectable()
export class MarkNoShowUseCase {
  constructor(
    private readonly changes: AppointmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: MarkNoShowCommand): Promise<Appointment> {
    return this.changes.run({ ...c, action: 'appointment.no_show' }, (current) => {
      requireStatus(current, 'booked');
      const now = this.clock.now();
      if (now < current.start) throw appointmentNotStarted();
      return { change: { status: 'no_show' }, event: (after) => appointmentEvents.noShow(after, now) };
    });
  }
}
