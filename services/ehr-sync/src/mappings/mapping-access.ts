import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import type { ConnectionActor } from '../connections/connection-access';

export type MappingAction = 'list' | 'put_provider' | 'delete_provider' | 'put_class' | 'delete_class';

/** A clinic admin's reading or change of a connection's mappings: audited on the connection. */
export function mappingEntry(
  actor: ConnectionActor,
  action: MappingAction,
  connectionId: string,
  outcome: AuditOutcome,
): AuditEntry {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action: `ehr_mapping.${action}`,
    resourceType: 'ehr_connection',
    resourceId: connectionId,
    outcome,
  };
}
