import type { Principal } from '@carebus/auth';
import { ForbiddenError } from '@carebus/errors';

/** The clinic a request acts for; principals without one (operators) get no clinic data. */
export function tenantOf(principal: Principal): string {
  if (principal.clinicId === null) {
    throw new ForbiddenError('auth.clinic_required', 'This needs a token issued for a clinic.');
  }
  return principal.clinicId;
}
