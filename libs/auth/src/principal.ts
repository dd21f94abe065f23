import type { Role } from './roles';

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  subject: string;
  /** The clinic (tenant) the caller acts for; null only for operators. */
  clinicId: string | null;
  roles: Role[];
  scopes: string[];
  clientId?: string;
  tokenId?: string;
  /** The patient a `patient` principal is, or a `guardian` principal acts for (claim `patient_id`). */
  patientId?: string;
  /** How the caller is shown to a patient in their access history (claim `name`), when the token has one. */
  displayName?: string;
}

/** True when the principal holds at least one of the given roles. */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

/** True when the principal holds every given scope. */
export function hasScopes(principal: Principal, ...scopes: string[]): boolean {
  return scopes.every((scope) => principal.scopes.includes(scope));
}
