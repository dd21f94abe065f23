import type { AuditEntry, AuditOutcome } from '@carebus/audit';
import { hasRole, type Principal } from '@carebus/auth';
import { adminOnly } from '../device-registry.errors';

/** Who asks, for their own clinic (the token's). */
export interface DeviceActor {
  clinicId: string;
  principal: Principal;
}

/** Clinic admins manage devices; anyone else gets 403 `devices.admin_only` (audited at the edge). */
export function assertDeviceAdmin(actor: DeviceActor): void {
  if (!hasRole(actor.principal, 'clinic_admin')) throw adminOnly();
}

export type DeviceAction = 'enrolment_code.create' | 'device.rename' | 'device.remove';

export function deviceEntry(
  actor: DeviceActor,
  action: DeviceAction,
  resourceId: string | null,
  outcome: AuditOutcome,
): AuditEntry {
  const resourceType = action.startsWith('enrolment_code') ? 'enrolment_code' : 'device';
  return { clinicId: actor.clinicId, principal: actor.principal, action, resourceType, resourceId, outcome };
}
