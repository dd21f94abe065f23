import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '@carebus/auth';
import { currentTraceId } from '@carebus/observability';
import { inTenantTransaction, preparedQuery, type SqlStatement } from '@carebus/platform';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/** One access to patient data: who did what to which record, and how it ended. */
export interface AuditEntry {
  clinicId: string;
  principal: Principal;
  /** Verb and noun, e.g. `appointment.book`, `patient.read`, `appointments.list`. */
  action: string;
  resourceType: 'appointment' | 'patient' | 'slots' | 'calendar';
  resourceId?: string | null;
  outcome: AuditOutcome;
}

/** `subject`, or `client:subject` for partner systems, so a patient can be told who read what. */
export function auditActor(principal: Principal): string {
  return principal.clientId ? `${principal.clientId}:${principal.subject}` : principal.subject;
}

/**
 * Writes the audit log of access to patient data (the schema's `audit_log`). Successful access is
 * recorded in the transaction that read or wrote the data, so the record and the access commit
 * together; refused or failed access is recorded on its own, after the work rolled back.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.insert(manager, [entry]);
  }

  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length > 0) await this.insert(manager, entries);
  }

  /** Records an access that did not succeed, in a transaction of its own. */
  async recordOutcome(entry: AuditEntry): Promise<void> {
    await inTenantTransaction(this.dataSource, entry.clinicId, (manager) => this.insert(manager, [entry]));
  }

  /** The INSERT that records these entries, for a caller that runs it with its own change (preparedTogether). */
  statementFor(entries: AuditEntry[]): SqlStatement {
    return {
      name: 'scheduling.audit_insert',
      text: `INSERT INTO scheduling.audit_log (clinic_id, actor, action, resource_type, resource_id, outcome, trace_id)
       SELECT clinic_id, actor, action, resource_type, resource_id, outcome, $7
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS e(clinic_id, actor, action, resource_type, resource_id, outcome)`,
      values: [
        entries.map((e) => e.clinicId),
        entries.map((e) => auditActor(e.principal)),
        entries.map((e) => e.action),
        entries.map((e) => e.resourceType),
        entries.map((e) => e.resourceId ?? null),
        entries.map((e) => e.outcome),
        currentTraceId() ?? null,
      ],
    };
  }

  private async insert(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    const { name, text, values } = this.statementFor(entries);
    await preparedQuery(manager, name, text, values);
  }
}
