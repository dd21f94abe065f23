import { randomUUID } from 'node:crypto';
import { ROLES, type DevIssuer, type Role } from '@carebus/auth';
import type { BadToken, Credential } from './credentials';

/** The clinic (and, for patient and guardian tokens, the patient) a fuzz run acts for. */
export interface TokenSubject {
  clinicId: string;
  patientId?: string;
}

/** The `authorization` header of every credential a case may carry, minted once per world. */
export type Authorizations = (credential: Credential) => string | undefined;

export async function mintAuthorizations(issuer: DevIssuer, subject: TokenSubject): Promise<Authorizations> {
  const claims = (role: Role) => ({
    sub: `fuzz-${role}-${randomUUID()}`,
    roles: [role],
    // An operator acts for the platform, not a clinic; partners are integrations with a client id.
    ...(role === 'operator' ? {} : { clinicId: subject.clinicId }),
    ...(role === 'partner' ? { clientId: 'fuzz-partner' } : {}),
    ...(subject.patientId && (role === 'patient' || role === 'guardian')
      ? { patientId: subject.patientId }
      : {}),
  });
  const byRole = new Map<Role, string>();
  for (const role of ROLES) byRole.set(role, `Bearer ${await issuer.mint(claims(role))}`);
  const staff = claims('staff');
  const bad: Record<BadToken, string> = {
    expired: `Bearer ${await issuer.mint(staff, { expiresAt: new Date(Date.now() - 3_600_000), issuedAt: new Date(Date.now() - 7_200_000) })}`,
    'foreign-key': `Bearer ${await issuer.mint(staff, { signWithForeignKey: true })}`,
    'alg-none': `Bearer ${await issuer.mint(staff, { algNone: true })}`,
    'wrong-audience': `Bearer ${await issuer.mint(staff, { audience: 'someone-else' })}`,
    garbage: 'Bearer abc.def.ghi',
    basic: 'Basic dXNlcjpwYXNz',
    empty: 'Bearer ',
  };
  return (c) => (c.kind === 'none' ? undefined : c.kind === 'role' ? byRole.get(c.role) : bad[c.token]);
}
