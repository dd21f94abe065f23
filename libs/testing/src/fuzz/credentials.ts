import fc from 'fast-check';
import { ROLES, type Role } from '@carebus/auth';

/** Tokens that must be refused whatever the route: each names how it is broken. */
export const BAD_TOKENS = [
  'expired',
  'foreign-key',
  'alg-none',
  'wrong-audience',
  'garbage',
  'basic',
  'empty',
] as const;
export type BadToken = (typeof BAD_TOKENS)[number];

/** Who a fuzz case claims to be: a valid token of a role, a broken one, or nobody. */
export type Credential = { kind: 'role'; role: Role } | { kind: 'bad'; token: BadToken } | { kind: 'none' };

/**
 * Mostly valid tokens of the roles an operation allows (so cases reach validation and the
 * database), some of the roles it refuses, some broken tokens and none.
 */
export function credential(allowed: readonly Role[] | 'public'): fc.Arbitrary<Credential> {
  const permitted = allowed === 'public' ? [...ROLES] : allowed;
  const refused = ROLES.filter((role) => !permitted.includes(role));
  const asRole = (roles: readonly Role[]) =>
    fc.constantFrom(...roles).map((role): Credential => ({ kind: 'role', role }));
  return fc.oneof(
    ...(permitted.length ? [{ weight: 12, arbitrary: asRole(permitted) }] : []),
    ...(refused.length ? [{ weight: 3, arbitrary: asRole(refused) }] : []),
    {
      weight: 2,
      arbitrary: fc.constantFrom(...BAD_TOKENS).map((token): Credential => ({ kind: 'bad', token })),
    },
    { weight: 1, arbitrary: fc.constant<Credential>({ kind: 'none' }) },
  );
}

export function describeCredential(c: Credential): string {
  if (c.kind === 'none') return '(no authorization header)';
  return c.kind === 'role'
    ? `authorization: Bearer <valid ${c.role} token>`
    : `authorization: <${c.token} token>`;
}
