import { createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/**
 * Marks a failure to obtain the issuer's key set (unreachable, timeout, non-200, not a JWKS), so
 * it can be told apart from a bad token: the first is our outage (503), the second the caller's
 * problem (401). Never leaves this library; the verifier translates it.
 */
export class JwksUnavailable extends Error {
  constructor(readonly reason: unknown) {
    super('The JSON Web Key Set could not be fetched.');
    this.name = 'JwksUnavailable';
  }
}

/** Key lookups that point at the token (unknown or ambiguous `kid`), not at the key server. */
function isTokenProblem(error: unknown): boolean {
  return error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys;
}

/** Remote JWKS lookup (cached and rate-limited by jose) that reports fetch failures as JwksUnavailable. */
export function remoteKeySource(jwksUrl: string, timeoutMs: number): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: timeoutMs });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (isTokenProblem(error)) throw error;
      throw new JwksUnavailable(error);
    }
  };
}
