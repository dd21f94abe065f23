import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { CLOCK, type Clock } from '@carebus/platform';
import type { Appointment } from '../appointment';
import { isClinicStaff } from '../appointment-access';
import { AppointmentChanges, requireStatus } from '../appointment-changes';
import { appointmentEvents } from '../appointment-events';

export interface CancelAppointmentCommand {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
  reason: string;
}

/** Cancels by the clinic (staff) or by the patient (patient, guardian or partner portal). */
@Injectable()
export class CancelAppointmentUseCase {
  constructor(
    private readonly changes: AppointmentChanges,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: CancelAppointmentCommand): Promise<Appointment> {
    const by = isClinicStaff(c.principal) ? 'clinic' : 'patient';
    return this.changes.run({ ...c, action: 'appointment.cancel' }, (current) => {
      requireStatus(current, 'booked');
      return {
        change: {
          status: 'cancelled',
          cancelledAt: this.clock.now(),
          cancelledBy: by,
          cancelReason: c.reason,
        },
        event: (after) => appointmentEvents.cancelled(after, by, c.reason),
      };
    });
  }
}
