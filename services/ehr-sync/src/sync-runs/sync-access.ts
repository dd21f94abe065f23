import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import type { ConnectionActor } from '../connections/connection-access';

export type SyncAction = 'request' | 'status' | 'runs' | 'run';

/** An admin's use of a connection's sync: audited like the connection itself. */
export function syncEntry(
  actor: ConnectionActor,
  action: SyncAction,
  connectionId: string,
  outcome: AuditOutcome,
): AuditEntry {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action: `ehr_sync.${action}`,
    resourceType: 'ehr_connection',
    resourceId: connectionId,
    outcome,
  };
}
