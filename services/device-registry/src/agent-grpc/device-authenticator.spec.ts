import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '@carebus/platform';
import type { DeviceKeys, KnownDevice } from '../devices/device-keys';
import { DeviceAuthenticator } from './device-authenticator';

describe('DeviceAuthenticator', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').privateKey;
  const deviceId = randomUUID();
  let now = new Date('2026-12-06T12:00:00Z');
  const clock: Clock = { now: () => now };
  let device: KnownDevice;
  const keys = { lookup: () => Promise.resolve(device) } as unknown as DeviceKeys;
  const sign = (key = privateKey, lifetime = 120) => {
    const iat = now.getTime() / 1000;
    return new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(deviceId)
      .setAudience('carebus-device-registry')
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .setJti(randomUUID())
      .sign(key);
  };
  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );

  beforeEach(() => {
    now = new Date('2026-12-06T12:00:00Z');
    device = {
      deviceId,
      clinicId: randomUUID(),
      kind: 'workstation',
      state: 'active',
      publicKey: Buffer.alloc(32),
      key: publicKey,
    } as KnownDevice;
  });

  it('verifies a token once and accepts it again without a signature check until it expires', async () => {
    const auth = new DeviceAuthenticator(keys, clock);
    const jws = await sign();
    expect(await codeOf(auth.authenticate(`Device ${jws}`))).toBe('accepted');
    // The enrolled key changes: a remembered token needs no new check, a new one fails it.
    device = { ...device, key: generateKeyPairSync('ed25519').publicKey };
    expect(await codeOf(auth.authenticate(`Device ${jws}`))).toBe('accepted');
    expect(await codeOf(auth.authenticate(`Device ${await sign()}`))).toBe('devices.token_invalid');
    // Past the token's exp (and the skew jose allows), it is checked again and refused.
    device = { ...device, key: publicKey };
    now = new Date(now.getTime() + 200_000);
    expect(await codeOf(auth.authenticate(`Device ${jws}`))).toBe('devices.token_expired');
  });

  it('never remembers a token that failed, and still refuses a removed device', async () => {
    const auth = new DeviceAuthenticator(keys, clock);
    const forged = await sign(other);
    expect(await codeOf(auth.authenticate(`Device ${forged}`))).toBe('devices.token_invalid');
    expect(await codeOf(auth.authenticate(`Device ${forged}`))).toBe('devices.token_invalid');
    const jws = await sign();
    expect(await codeOf(auth.authenticate(`Device ${jws}`))).toBe('accepted');
    device = { ...device, state: 'removed' };
    expect(await codeOf(auth.authenticate(`Device ${jws}`))).toBe('devices.device_removed');
  });
});
