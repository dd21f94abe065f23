import { clinicOf, hasRole, type Principal } from '@carebus/auth';
import { isUuid } from '@carebus/persistence';
import type { DeadLetter } from './dead-letter';

/**
 * Whose dead letters a caller may see: a platform operator (role `operator`) every clinic's
 * (null), a clinic admin only its own clinic's. A dead letter without a usable `clinicid` header
 * (an undecodable record) belongs to no clinic, so only platform operators see it.
 */
export function deadLetterScope(principal: Principal): string | null {
  return hasRole(principal, 'operator') ? null : clinicOf(principal).toLowerCase();
}

/** The dead letter's clinic from its `clinicid` header, when that is a clinic id (UUID). */
export function clinicOfDeadLetter(letter: Pick<DeadLetter, 'clinicId'>): string | null {
  return isUuid(letter.clinicId) ? letter.clinicId.toLowerCase() : null;
}

/** True when a caller of this scope (`deadLetterScope`) may see the dead letter. */
export function mayViewDeadLetter(scope: string | null, letter: Pick<DeadLetter, 'clinicId'>): boolean {
  return scope === null || clinicOfDeadLetter(letter) === scope;
}
