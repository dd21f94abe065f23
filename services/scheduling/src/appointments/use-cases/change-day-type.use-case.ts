import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Principal } from '@carebus/auth';
import { ValidationError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { AuditTrail } from '@carebus/audit';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import { ClinicsRepository } from '../../clinics/clinics.repository';
import { appointmentTypeNotFound, calendarNotFound } from '../../scheduling.errors';
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
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly clinics: ClinicsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  execute(c: ChangeDayTypeCommand): Promise<Appointment[]> {
    return this.tenant.withTenant(c.clinicId, async (tx) => {
      if (!(await this.context.calendar(tx, c.calendarId))) throw calendarNotFound();
      const type = await this.context.appointmentType(tx, c.toAppointmentTypeId);
      if (!type) throw appointmentTypeNotFound();
      const zone = await this.clinics.timeZone(tx);
      const day = DateTime.fromISO(c.date, { zone }).startOf('day');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(c.date) || !day.isValid)
        throw new ValidationError([{ field: 'date', message: 'date must be a real YYYY-MM-DD date' }]);
      const all = await this.appointments.lockActiveInCalendar(
        tx,
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
        await this.appointments.apply(tx, before.id, change);
        const after = (await this.appointments.find(tx, before.id)) as Appointment;
        await this.outbox.add(tx, appointmentEvents.typeChanged(after, before));
        changed.push(after);
      }
      await this.audit.recordMany(
        tx,
        changed.map((a) => ({
          clinicId: c.clinicId,
          principal: c.principal,
          action: 'appointment.change_type',
          resourceType: 'appointment' as const,
          resourceId: a.id,
          patientId: a.patientId,
          outcome: 'allowed' as const,
        })),
      );
      return changed;
    });
  }
}
