import { Injectable } from '@nestjs/common';
import { TenantScope, type Sql, type Tx } from '@carebus/persistence';
import type { AuditEntry } from './audit-entry';
import { AuditLogRepository } from './audit-log.repository';

export { auditActor, refusalOutcome, type AuditEntry, type AuditOutcome } from './audit-entry';

/**
 * Writes the audit log of access to patient data. Successful access is recorded in the transaction
 * that read or wrote the data, so the record and the access commit together; refused or failed
 * access is recorded on its own, after the work rolled back.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly tenant: TenantScope,
    private readonly log: AuditLogRepository,
  ) {}

  record(tx: Tx, entry: AuditEntry): Promise<void> {
    return this.log.insert(tx, [entry]);
  }

  recordMany(tx: Tx, entries: AuditEntry[]): Promise<void> {
    return this.log.insert(tx, entries);
  }

  /** Records an access that did not succeed, in a transaction of its own. */
  recordOutcome(entry: AuditEntry): Promise<void> {
    return this.tenant.withTenant(entry.clinicId, (tx) => this.log.insert(tx, [entry]));
  }

  /** The INSERT recording these entries, to run together with the caller's own change. */
  statementFor(entries: AuditEntry[]): Sql {
    return this.log.statementFor(entries);
  }
}
