import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** Audience every device token names; the registry refuses tokens meant for anything else. */
export const DEVICE_TOKEN_AUDIENCE = 'carebus-device-registry';

/** Lifetime of one token; the registry accepts at most five minutes. */
export const DEVICE_TOKEN_TTL_SECONDS = 120;

/**
 * A compact JWS (EdDSA over Ed25519) proving the call comes from the enrolled device:
 * sub = device id, aud, iat/exp, a fresh jti. Signed anew for every call.
 */
export async function signDeviceToken(
  privateKey: KeyObject,
  deviceId: string,
  options: { audience?: string; ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setSubject(deviceId)
    .setAudience(options.audience ?? DEVICE_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? DEVICE_TOKEN_TTL_SECONDS))
    .setJti(randomUUID())
    .sign(privateKey);
}
