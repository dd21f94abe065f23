import type { Principal } from '@carebus/auth';
import { hasRole } from '@carebus/auth';
import { messagingForbidden } from '../messaging.errors';
import { isStaff } from '../threads/thread-access';
import type { Author } from '../threads/threads.service';

/** Who asks, for which clinic (from the path). */
export interface Actor {
  clinicId: string;
  principal: Principal;
}

/** Staff of this very clinic; anyone else gets 403 (audited at the edge). */
export function assertStaff(actor: Actor): void {
  if (!isStaff(actor.principal) || !sameClinic(actor)) throw messagingForbidden();
}

export function assertAdmin(actor: Actor): void {
  if (!hasRole(actor.principal, 'clinic_admin') || !sameClinic(actor)) throw messagingForbidden();
}

export function sameClinic(actor: Actor): boolean {
  return actor.principal.clinicId?.toLowerCase() === actor.clinicId.toLowerCase();
}

/** The author a principal writes as. */
export function authorOf(principal: Principal): Author {
  if (isStaff(principal)) return { actor: principal, kind: 'staff' };
  if (hasRole(principal, 'partner')) return { actor: principal, kind: 'partner' };
  if (hasRole(principal, 'guardian')) return { actor: principal, kind: 'guardian' };
  return { actor: principal, kind: 'patient' };
}
