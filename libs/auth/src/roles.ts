/** Every role a Carebus token may carry. Tokens may hold other roles; the verifier drops those. */
export const ROLES = ['clinic_admin', 'practitioner', 'staff', 'patient', 'partner', 'operator'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
