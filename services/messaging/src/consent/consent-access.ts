import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import { assertForClinic, hasRole, type Principal } from '@carebus/auth';
import { portalForbidden } from '../messaging.errors';

/** Who acts on which clinic's patients. */
export interface PortalActor {
  clinicId: string;
  principal: Principal;
}

/** The clinic's own staff, practitioners and admins; anyone else is refused (audited at the edge). */
export function assertClinicStaff(actor: PortalActor): void {
  assertForClinic(actor.principal, actor.clinicId);
  if (!hasRole(actor.principal, 'staff', 'practitioner', 'clinic_admin')) throw portalForbidden();
}

export type ReachabilityAction =
  | 'patient_reachability.read'
  | 'patient_consent.write'
  | 'patient_national_id.write'
  | 'patient_portal_status.write'
  | 'portal_message.send';

export function reachabilityEntry(
  actor: PortalActor,
  action: ReachabilityAction,
  patientId: string,
  outcome: AuditOutcome,
  resourceId: string | null = patientId,
): AuditEntry {
  return {
    clinicId: actor.clinicId,
    principal: actor.principal,
    action,
    resourceType: action === 'portal_message.send' ? 'portal_message' : 'patient',
    resourceId,
    patientId,
    outcome,
  };
}
