import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';
import {
  DEV_SIGNING_ALG,
  generateSigningKey,
  loadOrCreateSigningKey,
  type DevSigningKey,
} from './dev-signing-key';
import type { Role } from './roles';

export const DEV_AUDIENCE = 'carebus';
export const DEV_DEFAULT_TTL_SECONDS = 3600;

export interface DevTokenClaims {
  sub: string;
  clinicId?: string;
  roles?: Role[];
  scopes?: string[];
  clientId?: string;
  /** For `patient` and `guardian` tokens: the patient they are or act for. */
  patientId?: string;
  /** Display name (claim `name`), as an identity provider gives it. */
  name?: string;
}

/** Knobs for tests that need a token the verifier must reject. */
export interface DevMintOptions {
  ttlSeconds?: number;
  audience?: string;
  issuer?: string;
  expiresAt?: Date;
  issuedAt?: Date;
  /** Signs with a throwaway key under the real `kid`: the signature check must fail. */
  signWithForeignKey?: boolean;
  /** An unsecured `alg: none` token. */
  algNone?: boolean;
  /** Set raw claims last; `undefined` removes a claim (e.g. `{ sub: undefined }`). */
  overrideClaims?: Record<string, unknown>;
}

export interface DevTokenMinterOptions {
  issuer: string;
  /** Persist the key here so tokens outlive a restart; without it the key lives in memory. */
  keyFile?: string;
  now?: () => Date;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** Signs development access tokens the way the real issuer would. Never for production. */
export class DevTokenMinter {
  private foreignKey?: Promise<DevSigningKey>;

  private constructor(
    private readonly key: DevSigningKey,
    readonly issuer: string,
    private readonly now: () => Date,
  ) {}

  static async create(options: DevTokenMinterOptions): Promise<DevTokenMinter> {
    const key = options.keyFile ? await loadOrCreateSigningKey(options.keyFile) : await generateSigningKey();
    return new DevTokenMinter(key, options.issuer, options.now ?? (() => new Date()));
  }

  get jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  async mint(claims: DevTokenClaims, opts: DevMintOptions = {}): Promise<string> {
    const payload = this.payload(claims, opts);
    if (opts.algNone) return new UnsecuredJWT(payload).encode();
    const signingKey = opts.signWithForeignKey ? await this.foreign() : this.key;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: DEV_SIGNING_ALG, kid: this.key.kid, typ: 'JWT' })
      .sign(signingKey.privateKey);
  }

  private payload(claims: DevTokenClaims, opts: DevMintOptions): JWTPayload {
    const issuedAt = opts.issuedAt ?? this.now();
    const ttlSeconds = opts.ttlSeconds ?? DEV_DEFAULT_TTL_SECONDS;
    const expiresAt = opts.expiresAt ?? new Date(issuedAt.getTime() + ttlSeconds * 1000);
    const payload: JWTPayload = {
      iss: opts.issuer ?? this.issuer,
      aud: opts.audience ?? DEV_AUDIENCE,
      sub: claims.sub,
      iat: seconds(issuedAt),
      exp: seconds(expiresAt),
      jti: randomUUID(),
      roles: claims.roles ?? [],
      ...(claims.clinicId !== undefined ? { clinic_id: claims.clinicId } : {}),
      ...(claims.scopes?.length ? { scope: claims.scopes.join(' ') } : {}),
      ...(claims.clientId !== undefined ? { client_id: claims.clientId } : {}),
      ...(claims.patientId !== undefined ? { patient_id: claims.patientId } : {}),
      ...(claims.name !== undefined ? { name: claims.name } : {}),
    };
    for (const [claim, value] of Object.entries(opts.overrideClaims ?? {})) {
      if (value === undefined) delete payload[claim];
      else payload[claim] = value;
    }
    return payload;
  }

  private foreign(): Promise<DevSigningKey> {
    this.foreignKey ??= generateSigningKey();
    return this.foreignKey;
  }
}
