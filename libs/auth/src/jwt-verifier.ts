import { UnauthenticatedError } from '@carebus/errors';
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { translateJoseError } from './jose-error-translation';
import { remoteKeySource } from './jwks-key-source';
import type { Principal } from './principal';
import { principalFromClaims } from './principal-claims';

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
}

export const DEFAULT_ALGORITHMS = ['RS256', 'ES256'];

/** Verifies bearer access tokens against the issuer's JWKS and maps them to a Principal. */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: JwtVerifierOptions) {
    for (const name of ['jwksUrl', 'issuer', 'audience'] as const) {
      if (!options[name]) throw new Error(`JwtVerifier: option "${name}" is required.`);
    }
    this.keys = remoteKeySource(options.jwksUrl, options.jwksTimeoutMs ?? 5000);
  }

  async verify(token: string): Promise<Principal> {
    if (!token || token.trim() === '') {
      throw new UnauthenticatedError('auth.token_missing', 'A bearer token is required.');
    }
    return principalFromClaims(await this.verifiedClaims(token.trim()));
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
