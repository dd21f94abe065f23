/** Every role a Carebus token may carry. Tokens may hold other roles; the verifier drops those. */
/**
 * `guardian` is a parent or guardian acting for a patient (the token's `patient_id`); hidden
 * appointments are never shown to guardians or partners.
 */
export const ROLES = [
  'clinic_admin',
  'practitioner',
  'staff',
  'patient',
  'guardian',
  'partner',
  'operator',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
