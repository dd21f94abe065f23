import { Injectable } from '@nestjs/common';
import { currentTraceId } from '@carebus/observability';
import { sql, type Sql, type Tx } from '@carebus/persistence';
import { auditActor, type AuditEntry } from './audit-entry';

/** The schema's `audit_log`: who did what to which patient record, and how it ended. */
@Injectable()
export class AuditLogRepository {
  async insert(tx: Tx, entries: AuditEntry[]): Promise<void> {
    if (entries.length > 0) await tx.execute(this.statementFor(entries), { prepared: true });
  }

  /**
   * The INSERT of these entries, for a caller that runs it together with its own change. One text
   * for any number of entries (arrays through unnest), so it runs prepared.
   */
  statementFor(entries: AuditEntry[]): Sql {
    const column = <T>(pick: (e: AuditEntry) => T) => entries.map(pick);
    return sql`INSERT INTO scheduling.audit_log (clinic_id, actor, action, resource_type, resource_id, outcome, trace_id)
       SELECT clinic_id, actor, action, resource_type, resource_id, outcome, ${currentTraceId() ?? null}
       FROM unnest(${column((e) => e.clinicId)}::uuid[], ${column((e) => auditActor(e.principal))}::text[],
                   ${column((e) => e.action)}::text[], ${column((e) => e.resourceType)}::text[],
                   ${column((e) => e.resourceId ?? null)}::text[], ${column((e) => e.outcome)}::text[])
         AS e(clinic_id, actor, action, resource_type, resource_id, outcome)`;
  }
}
