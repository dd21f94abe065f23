import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import { hasRole, type Principal } from '@carebus/auth';
import { connectionForbidden } from '../ehr-sync.errors';

/** Who asks for which clinic's EHR connections. */
export interface ConnectionActor {
  clinicId: string;
  principal: Principal;
}

/** Only a clinic admin of this very clinic; anyone else gets 403 (audited at the edge). */
export function assertConnectionAdmin(actor: ConnectionActor): void {
  const sameClinic = actor.principal.clinicId?.toLowerCase() === actor.clinicId.toLowerCase();
  if (!hasRole(actor.principal, 'clinic_admin') || !sameClinic) throw connectionForbidden();
}

export type ConnectionAction =
  'create' | 'read' | 'list' | 'check' | 'providers' | 'reauthenticate' | 'settings' | 'write_back';

export function connectionEntry(
  actor: ConnectionActor,
  action: ConnectionAction,
  connectionId: string | null,
  outcome: AuditOutcome,
): AuditEntry {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action: `ehr_connection.${action}`,
    resourceType: 'ehr_connection',
    resourceId: connectionId,
    outcome,
  };
}
