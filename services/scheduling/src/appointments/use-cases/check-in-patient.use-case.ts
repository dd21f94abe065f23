import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { Outbox } from '@carebus/outbox';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { AuditTrail } from '@carebus/audit';
import { BookingContextRepository } from '../../bookings/booking-context.repository';
import { ClinicsRepository } from '../../clinics/clinics.repository';
import { patientNotFound } from '../../scheduling.errors';
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
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly context: BookingContextRepository,
    private readonly clinics: ClinicsRepository,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(c: CheckInPatientCommand): Promise<Appointment[]> {
    return this.tenant.withTenant(c.clinicId, async (tx) => {
      if (!(await this.context.patient(tx, c.patientId))) throw patientNotFound();
      const now = this.clock.now();
      const windowMinutes = await this.clinics.checkInWindowMinutes(tx);
      const due = await this.appointments.list(tx, {
        patientId: c.patientId,
        statuses: ['booked'],
        from: new Date(now.getTime() - CHECK_IN_GRACE_MINUTES * MINUTE_MS),
        to: new Date(now.getTime() + windowMinutes * MINUTE_MS),
        includeHidden: true,
        limit: 50,
      });
      const arrived: Appointment[] = [];
      for (const before of due) {
        await this.appointments.apply(tx, before.id, { status: 'arrived', arrivedAt: now });
        const after = (await this.appointments.find(tx, before.id)) as Appointment;
        await this.outbox.add(tx, appointmentEvents.arrived(after, now));
        arrived.push(after);
      }
      await this.audit.record(tx, {
        clinicId: c.clinicId,
        principal: c.principal,
        action: 'patient.check_in',
        resourceType: 'patient',
        resourceId: c.patientId,
        patientId: c.patientId,
        outcome: 'allowed',
      });
      return arrived;
    });
  }
}
