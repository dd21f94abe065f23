import { ForbiddenError } from '@carebus/errors';
import type { Principal } from './principal';

/**
 * Tenant check: the principal acts for exactly this clinic. Operators get no free pass into
 * clinic data; support access to a clinic must be granted by a token that names the clinic.
 */
export function forClinic(principal: Principal, clinicId: string): boolean {
  return principal.clinicId !== null && principal.clinicId === clinicId;
}

/** Throws `auth.clinic_mismatch` (403) unless the principal acts for this clinic. */
export function assertForClinic(principal: Principal, clinicId: string): void {
  if (!forClinic(principal, clinicId)) {
    throw new ForbiddenError('auth.clinic_mismatch', 'You are not allowed to act for this clinic.');
  }
}

/** The clinic a principal acts for; `auth.clinic_required` (403) when its token names none. */
export function clinicOf(principal: Principal): string {
  if (principal.clinicId === null) {
    throw new ForbiddenError('auth.clinic_required', 'This needs a token issued for a clinic.');
  }
  return principal.clinicId;
}
