import { Injectable } from '@nestjs/common';
import type { Principal } from '@carebus/auth';
import { decodeCursor, TenantScope, toPage, type Page } from '@carebus/persistence';
import { AuditTrail } from '@carebus/audit';
import { appointmentNotFound } from '../../scheduling.errors';
import { parseInstant } from '../../shared/instant';
import type { Appointment, AppointmentStatus } from '../appointment';
import { actsForPatient, mayRead, seesHidden } from '../appointment-access';
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
    private readonly tenant: TenantScope,
    private readonly appointments: AppointmentsRepository,
    private readonly audit: AuditTrail,
  ) {}

  async get(principal: Principal, clinicId: string, id: string): Promise<Appointment> {
    const entry = {
      clinicId,
      principal,
      action: 'appointment.read',
      resourceType: 'appointment' as const,
      resourceId: id,
    };
    // The patient of an appointment this caller may not see is still told of the attempt.
    let patientId: string | null = null;
    const visible = await this.tenant.withTenant(clinicId, async (tx) => {
      const a = await this.appointments.find(tx, id);
      patientId = a?.patientId ?? null;
      if (!a || !mayRead(principal, a)) return undefined;
      await this.audit.record(tx, { ...entry, patientId, outcome: 'allowed' });
      return a;
    });
    // A miss is a denial, audited by the edge that answers the 404.
    if (visible) return visible;
    throw appointmentNotFound();
  }

  list(q: ListAppointmentsQuery): Promise<Page<Appointment>> {
    const own = actsForPatient(q.principal);
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    return this.tenant.withTenant(q.clinicId, async (tx) => {
      const rows = await this.appointments.list(tx, {
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
        tx,
        page.items.map((a) => ({
          clinicId: q.clinicId,
          principal: q.principal,
          action: 'appointments.list',
          resourceType: 'appointment' as const,
          resourceId: a.id,
          patientId: a.patientId,
          outcome: 'allowed' as const,
        })),
      );
      return page;
    });
  }
}
