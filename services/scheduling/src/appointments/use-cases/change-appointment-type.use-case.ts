import { Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import { appointmentTypeNotFound, nothingToChange } from '../../scheduling.errors';
import type { Appointment, ContactSurface } from '../appointment';
import { AppointmentChanges, requireStatus } from '../appointment-changes';
import { appointmentEvents } from '../appointment-events';

export interface ChangeAppointmentTypeCommand {
  principal: Principal;
  clinicId: string;
  appointmentId: string;
  appointmentTypeId?: string | undefined;
  contactSurface?: ContactSurface | undefined;
}

/**
 * Changes an appointment's type and/or contact surface; the time stays. A new type brings its
 * contact surface and hidden flag unless a surface is given.
 */
@Injectable()
export class ChangeAppointmentTypeUseCase {
  constructor(
    private readonly changes: AppointmentChanges,
    private readonly context: BookingContextRepository,
  ) {}

  execute(c: ChangeAppointmentTypeCommand): Promise<Appointment> {
    if (c.appointmentTypeId === undefined && c.contactSurface === undefined) throw nothingToChange();
    return this.changes.run({ ...c, action: 'appointment.change_type' }, async (current, tx) => {
      requireStatus(current, 'booked', 'arrived');
      const typeId = c.appointmentTypeId ?? current.appointmentTypeId;
      const type = await this.context.appointmentType(tx, typeId);
      if (!type) throw appointmentTypeNotFound();
      const surface =
        c.contactSurface ?? (c.appointmentTypeId ? type.contactSurface : current.contactSurface);
      if (typeId === current.appointmentTypeId && surface === current.contactSurface) return null;
      return {
        change: { appointmentTypeId: typeId, contactSurface: surface, hidden: type.hidden },
        event: (after, before) => appointmentEvents.typeChanged(after, before),
      };
    });
  }
}
