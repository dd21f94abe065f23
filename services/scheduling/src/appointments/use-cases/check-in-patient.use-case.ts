import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { NotFoundError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { inTenantTransaction } from '@carebus/platform';
import { AuditTrail } from '../../audit/audit-trail';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import { CLOCK, type Clock } from '../../shared/clock';
import type { Appointment } from '../appointment';
import { appointmentEvents } from '../appointment-events';
import { AppointmentsRepository } from '../appointments.repository';

/** A patient a little late is still checked in to the appointment that already started. */
export const CHECK_IN_GRACE_MINUTES = 60;
const MINUTE_MS = 60_000;

export interface CheckInPatientCommand {
  principal: Principal;
  clinicId: string;
  patientId: string;
}

/**
 * Kiosk or reception check-in: marks the patient's booked appointments that start within the
 * clinic's check-in window (e.g. the next 2 hours; 60 minutes' grace backwards) as arrived.
 */
@Injectable()
export class CheckInPatientUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: CheckInPatientCommand): Promise<Appointment[]> {
    return inTenantTransaction(this.dataSource, c.clinicId, async (manager) => {
      if (!(await this.context.patient(manager, c.clinicId, c.patientId))) {
        throw new NotFoundError('scheduling.patient_not_found', 'No such patient.');
      }
      const now = this.clock.now();
      const windowMinutes = await this.context.checkInWindowMinutes(manager, c.clinicId);
      const due = await this.appointments.list(manager, c.clinicId, {
        patientId: c.patientId,
        statuses: ['booked'],
        from: new Date(now.getTime() - CHECK_IN_GRACE_MINUTES * MINUTE_MS),
        to: new Date(now.getTime() + windowMinutes * MINUTE_MS),
        includeHidden: true,
        limit: 50,
      });
      const arrived: Appointment[] = [];
      for (const before of due) {
        await this.appointments.apply(manager, c.clinicId, before.id, { status: 'arrived', arrivedAt: now });
        const after = (await this.appointments.findById(manager, c.clinicId, before.id)) as Appointment;
        await this.outbox.add(manager, appointmentEvents.arrived(after, now));
        arrived.push(after);
      }
      await this.audit.record(manager, {
        clinicId: c.clinicId,
        principal: c.principal,
        action: 'patient.check_in',
        resourceType: 'patient',
        resourceId: c.patientId,
        outcome: 'allowed',
      });
      return arrived;
    });
  }
}
