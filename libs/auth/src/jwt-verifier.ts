import { UnauthenticatedError } from '@carebus/errors';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { translateJoseError } from './jose-error-translation';
import { remoteKeySource } from './jwks-key-source';
import type { Principal } from './principal';
import { principalFromClaims } from './principal-claims';
import { VerifiedTokenCache } from './verified-token-cache';

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Allowed clock skew between issuer and this service. Default 30 s. */
  clockToleranceSeconds?: number;
  /** Asymmetric algorithms only: a symmetric or `none` token must never verify. */
  algorithms?: string[];
  /** How long one JWKS fetch may take before the request fails with 503. Default 5000 ms. */
  jwksTimeoutMs?: number;
  /** Injected clock, so expiry can be tested without waiting. */
  now?: () => Date;
  /** How long a verified token's principal is reused without checking it again. Default 60 s; 0 turns the cache off. */
  cacheMaxAgeMs?: number;
  /** Tokens remembered at most. Default 10,000. */
  cacheMaxEntries?: number;
}

export const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];

/** Verifies bearer access tokens against the issuer's JWKS and maps them to a Principal. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly cache: VerifiedTokenCache;

  constructor(private readonly options: JwtVerifierOptions) {
    for (const name of ['jwksUrl', 'issuer', 'audience'] as const) {
      if (!options[name]) throw new Error(`JwtVerifier: option "${name}" is required.`);
    }
    this.keys = remoteKeySource(options.jwksUrl, options.jwksTimeoutMs ?? 5000);
    this.cache = new VerifiedTokenCache(options.cacheMaxEntries ?? 10_000, options.cacheMaxAgeMs ?? 60_000);
  }

  async verify(token: string): Promise<Principal> {
    if (!token || token.trim() === '') {
      throw new UnauthenticatedError('auth.token_missing', 'A bearer token is required.');
    }
    const raw = token.trim();
    const now = (this.options.now?.() ?? new Date()).getTime();
    const cached = this.cache.get(raw, now);
    if (cached) return cached;
    const claims = await this.verifiedClaims(raw);
    const principal = principalFromClaims(claims);
    // `exp` is required, so every verified token has one.
    this.cache.set(raw, principal, (claims.exp as number) * 1000, now);
    return principal;
  }

  private async verifiedClaims(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms ?? DEFAULT_ALGORITHMS,
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        // A token without `exp` would be valid forever.
        requiredClaims: ['sub', 'exp'],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      });
      return payload;
    } catch (error) {
      throw translateJoseError(error);
    }
  }
}
