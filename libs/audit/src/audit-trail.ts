import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@carebus/errors';
import { currentTraceId } from '@carebus/observability';
import { Outbox } from '@carebus/outbox';
import { raw, sql, TenantScope, together, type Sql, type Transaction } from '@carebus/persistence';
import { roleText, type AuditEntry } from './audit-entry';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-options';
import { auditUnavailable } from './audit-unavailable';
import { patientAccessEvents } from './patient-access-events';

/**
 * Writes the service's audit trail. An access that succeeded is recorded in the transaction
 * that read or wrote the data, so the data and its audit row commit together; a refused or
 * failed access is recorded on its own after the work rolled back (`recordOutcome`), on a
 * connection taken only once the request's own is back in the pool. An access to one patient
 * also goes out as a PHI-free `audit.patient_access.v1` event, through the outbox in the same
 * transaction. A write that fails fails the request (503 `audit.unavailable`); it is never
 * swallowed. Writers only insert: the sealer chains the rows behind them.
 */
@Injectable()
export class AuditTrail {
  constructor(
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly tenant: TenantScope,
    private readonly outbox: Outbox,
  ) {}

  record(tx: Transaction, entry: AuditEntry): Promise<void> {
    return this.recordMany(tx, [entry]);
  }

  async recordMany(tx: Transaction, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const [first, ...rest] = this.statementsFor(entries);
      await tx.execute(together(first!, ...rest), { prepared: entries.length === 1 });
    } catch (error) {
      throw auditUnavailable(error);
    }
  }

  /**
   * Records an access that did not succeed (or any access outside a request's transaction) in a
   * transaction of its own: the clinic's, or one without a tenant for platform actions.
   */
  async recordOutcome(entry: AuditEntry): Promise<void> {
    try {
      const work = (tx: Transaction) => this.recordMany(tx, [entry]);
      await (entry.clinicId ? this.tenant.withTenant(entry.clinicId, work) : this.tenant.withoutTenant(work));
    } catch (error) {
      throw error instanceof DomainError ? error : auditUnavailable(error);
    }
  }

  /**
   * The statements that record these entries (audit rows, then access events), for a caller
   * that runs them `together` with its own change in one round trip. Their failure fails it.
   */
  statementsFor(entries: AuditEntry[]): Sql[] {
    const rows = this.rowsStatement(entries);
    const { service, patientAccessTopic } = this.options;
    const events = patientAccessEvents(service, entries, new Date(), patientAccessTopic);
    return events.length === 0 ? [rows] : [rows, this.outbox.statementFor(events).statement];
  }

  /** One text for any number of entries (arrays through unnest), so it runs prepared. */
  private rowsStatement(entries: AuditEntry[]): Sql {
    const column = <T>(pick: (e: AuditEntry) => T) => entries.map(pick);
    const table = raw(`${this.options.schema}.audit_log`);
    return sql`INSERT INTO ${table} (clinic_id, subject, role, client_id, action, resource_type, resource_id, patient_id, outcome, reason, trace_id)
       SELECT clinic_id, subject, role, client_id, action, resource_type, resource_id, patient_id, outcome, reason, ${currentTraceId() ?? null}
       FROM unnest(${column((e) => e.clinicId)}::uuid[], ${column((e) => e.principal.subject)}::text[],
                   ${column((e) => roleText(e.principal))}::text[], ${column((e) => e.principal.clientId ?? null)}::text[],
                   ${column((e) => e.action)}::text[], ${column((e) => e.resourceType)}::text[],
                   ${column((e) => e.resourceId ?? null)}::text[], ${column((e) => e.patientId ?? null)}::uuid[],
                   ${column((e) => e.outcome)}::text[], ${column((e) => e.reason ?? null)}::text[])
         AS e(clinic_id, subject, role, client_id, action, resource_type, resource_id, patient_id, outcome, reason)
       RETURNING id`;
  }
}
