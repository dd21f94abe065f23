import { decodeJwt, errors as joseErrors, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import { tokenExpired, tokenInvalid, tokenMissing } from '../device-registry.errors';

/** The `aud` of every device token. */
export const DEVICE_TOKEN_AUDIENCE = 'carebus-device-registry';
/** The `aud` of a workstation's "this computer" proof (never accepted as a device token). */
export const COMPUTER_PROOF_AUDIENCE = 'carebus-computer-proof';
/** Longest token lifetime accepted (exp - iat), seconds. */
export const MAX_TOKEN_LIFETIME_S = 300;
/** Longest computer proof lifetime accepted, seconds. */
export const MAX_PROOF_LIFETIME_S = 60;
const CLOCK_TOLERANCE_S = 60;

/** The JWS of `authorization: Device <jws>`; `devices.token_missing` without one. */
export function deviceJwsOf(authorization: string | undefined): string {
  const match = /^Device\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(
    authorization?.trim() ?? '',
  );
  if (!match) throw authorization ? tokenInvalid() : tokenMissing();
  return match[1]!;
}

/** The device id a token claims (unverified): which public key to verify it with. */
export function claimedDeviceId(jws: string): string {
  let sub: unknown;
  try {
    sub = decodeJwt(jws).sub;
  } catch {
    throw tokenInvalid();
  }
  if (
    typeof sub !== 'string' ||
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub)
  ) {
    throw tokenInvalid();
  }
  return sub.toLowerCase();
}

/**
 * Verifies an EdDSA JWS against the device's key: signature, `aud`, `sub`, `iat`/`exp` present
 * with a lifetime of at most `maxLifetime` seconds (60 s of clock skew), `jti` present. Answers
 * the token's `exp` (epoch seconds).
 */
export async function verifyDeviceJws(
  jws: string,
  key: KeyObject,
  deviceId: string,
  now: Date,
  audience = DEVICE_TOKEN_AUDIENCE,
  maxLifetime = MAX_TOKEN_LIFETIME_S,
): Promise<number> {
  let payload;
  try {
    ({ payload } = await jwtVerify(jws, key, {
      algorithms: ['EdDSA'],
      audience,
      subject: deviceId,
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: now,
      requiredClaims: ['iat', 'exp', 'jti'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw tokenExpired();
    throw tokenInvalid();
  }
  const { iat, exp } = payload as { iat: number; exp: number };
  if (exp - iat > maxLifetime || exp <= iat) throw tokenInvalid();
  if (iat > now.getTime() / 1000 + CLOCK_TOLERANCE_S) throw tokenInvalid();
  return exp;
}
