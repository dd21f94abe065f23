import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { inTenantTransaction } from '@carebus/platform';
import { AuditTrail } from '../../audit/audit-trail';
import { decodeCursor, toPage } from '../../shared/cursor';
import { parseInstant } from '../../shared/instant';
import type { Appointment, AppointmentStatus } from '../appointment';
import { actsForPatient, mayRead, seesHidden } from '../appointment-access';
import { appointmentNotFound } from '../appointment-errors';
import { AppointmentsRepository } from '../appointments.repository';

export interface ListAppointmentsQuery {
  principal: Principal;
  clinicId: string;
  calendarId?: string | undefined;
  patientId?: string | undefined;
  statuses?: AppointmentStatus[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Reads of appointments, each audited. Patients and guardians see only their own patient's;
 * guardians and partners never see hidden ones (the same 404 as an unknown id).
 */
@Injectable()
export class ReadAppointmentsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly appointments: AppointmentsRepository,
    private readonly audit: AuditTrail,
  ) {}

  get(principal: Principal, clinicId: string, id: string): Promise<Appointment> {
    return inTenantTransaction(this.dataSource, clinicId, async (manager) => {
      const a = await this.appointments.findById(manager, clinicId, id);
      const visible = a !== null && mayRead(principal, a);
      const entry = {
        clinicId,
        principal,
        action: 'appointment.read',
        resourceType: 'appointment' as const,
        resourceId: id,
      };
      if (!visible) {
        await this.audit.recordOutcome({ ...entry, outcome: 'denied' });
        throw appointmentNotFound();
      }
      await this.audit.record(manager, { ...entry, outcome: 'allowed' });
      return a;
    });
  }

  list(q: ListAppointmentsQuery): Promise<{ items: Appointment[]; nextCursor: string | null }> {
    const own = actsForPatient(q.principal);
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    return inTenantTransaction(this.dataSource, q.clinicId, async (manager) => {
      const rows = await this.appointments.list(manager, q.clinicId, {
        calendarId: q.calendarId,
        patientId: own ?? q.patientId,
        statuses: q.statuses,
        from: q.from,
        to: q.to,
        includeHidden: seesHidden(q.principal),
        after: after ? { start: parseInstant('cursor', after.key), id: after.id } : undefined,
        limit: q.limit,
      });
      if (own !== null && q.patientId !== undefined && q.patientId !== own) rows.length = 0;
      const page = toPage(rows, q.limit, (a) => ({ key: a.start.toISOString(), id: a.id }));
      await this.audit.recordMany(
        manager,
        page.items.map((a) => ({
          clinicId: q.clinicId,
          principal: q.principal,
          action: 'appointments.list',
          resourceType: 'appointment' as const,
          resourceId: a.id,
          outcome: 'allowed' as const,
        })),
      );
      return page;
    });
  }
}
