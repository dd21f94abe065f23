import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { NotFoundError, ValidationError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { inTenantTransaction } from '@carebus/platform';
import { DateTime } from 'luxon';
import { AuditTrail } from '../../audit/audit-trail';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import type { Appointment } from '../appointment';
import { appointmentEvents } from '../appointment-events';
import { AppointmentsRepository } from '../appointments.repository';

export interface ChangeDayTypeCommand {
  principal: Principal;
  clinicId: string;
  calendarId: string;
  /** Local date in the clinic's zone, YYYY-MM-DD. */
  date: string;
  toAppointmentTypeId: string;
  /** Only appointments of this type; all of the day's when omitted. */
  fromAppointmentTypeId?: string | undefined;
}

/**
 * Changes every active appointment of one calendar day to another type in one transaction, one
 * `type_changed` event per appointment (e.g. a practitioner switches the day to video).
 */
@Injectable()
export class ChangeDayTypeUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  execute(c: ChangeDayTypeCommand): Promise<Appointment[]> {
    return inTenantTransaction(this.dataSource, c.clinicId, async (manager) => {
      if (!(await this.context.calendar(manager, c.clinicId, c.calendarId))) {
        throw new NotFoundError('scheduling.calendar_not_found', 'No such calendar.');
      }
      const type = await this.context.appointmentType(manager, c.clinicId, c.toAppointmentTypeId);
      if (!type)
        throw new NotFoundError('scheduling.appointment_type_not_found', 'No such appointment type.');
      const zone = await this.context.timeZone(manager, c.clinicId);
      const day = DateTime.fromISO(c.date, { zone }).startOf('day');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.date) || !day.isValid)
        throw new ValidationError([{ field: 'date', message: 'date must be a real YYYY-MM-DD date' }]);
      const all = await this.appointments.findActiveInCalendar(
        manager,
        c.clinicId,
        c.calendarId,
        day.toJSDate(),
        day.plus({ days: 1 }).toJSDate(),
      );
      const changed: Appointment[] = [];
      for (const before of all) {
        if (c.fromAppointmentTypeId && before.appointmentTypeId !== c.fromAppointmentTypeId) continue;
        if (before.appointmentTypeId === type.id) continue;
        const change = {
          appointmentTypeId: type.id,
          contactSurface: type.contactSurface,
          hidden: type.hidden,
        };
        await this.appointments.apply(manager, c.clinicId, before.id, change);
        const after = (await this.appointments.findById(manager, c.clinicId, before.id)) as Appointment;
        await this.outbox.add(manager, appointmentEvents.typeChanged(after, before));
        changed.push(after);
      }
      await this.audit.recordMany(
        manager,
        changed.map((a) => ({
          clinicId: c.clinicId,
          principal: c.principal,
          action: 'appointment.change_type',
          resourceType: 'appointment' as const,
          resourceId: a.id,
          outcome: 'allowed' as const,
        })),
      );
      return changed;
    });
  }
}
