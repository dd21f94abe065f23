import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { claimedDeviceId, deviceJwsOf, verifyDeviceJws } from './device-token';

describe('device tokens', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const deviceId = randomUUID();
  const now = new Date('2026-12-06T12:00:00Z');
  const sign = (
    claims: { aud?: string; sub?: string; iat?: number; exp?: number; jti?: string | null },
    key = privateKey,
  ) => {
    const iat = claims.iat ?? now.getTime() / 1000;
    let jwt = new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(claims.sub ?? deviceId)
      .setAudience(claims.aud ?? 'carebus-device-registry')
      .setIssuedAt(iat)
      .setExpirationTime(claims.exp ?? iat + 120);
    if (claims.jti !== null) jwt = jwt.setJti(claims.jti ?? randomUUID());
    return jwt.sign(key);
  };
  const codeOf = async (p: Promise<unknown>) =>
    await p.then(
      () => 'accepted',
      (e: { code: string }) => e.code,
    );

  it('reads `authorization: Device <jws>` and the device it claims', async () => {
    const jws = await sign({});
    expect(deviceJwsOf(`Device ${jws}`)).toBe(jws);
    expect(claimedDeviceId(jws)).toBe(deviceId);
    expect(() => deviceJwsOf(undefined)).toThrow(expect.objectContaining({ code: 'devices.token_missing' }));
    expect(() => deviceJwsOf(`Bearer ${jws}`)).toThrow(
      expect.objectContaining({ code: 'devices.token_invalid' }),
    );
    const badSub = await sign({ sub: 'not-a-uuid' });
    expect(() => claimedDeviceId(badSub)).toThrow(expect.objectContaining({ code: 'devices.token_invalid' }));
  });

  it('accepts a fresh token signed by the enrolled key, and nothing else', async () => {
    expect(await codeOf(verifyDeviceJws(await sign({}), publicKey, deviceId, now))).toBe('accepted');
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(await codeOf(verifyDeviceJws(await sign({}, other), publicKey, deviceId, now))).toBe(
      'devices.token_invalid',
    );
    expect(
      await codeOf(verifyDeviceJws(await sign({ aud: 'carebus-computer-proof' }), publicKey, deviceId, now)),
    ).toBe('devices.token_invalid');
    expect(await codeOf(verifyDeviceJws(await sign({ sub: randomUUID() }), publicKey, deviceId, now))).toBe(
      'devices.token_invalid',
    );
    expect(await codeOf(verifyDeviceJws(await sign({ jti: null }), publicKey, deviceId, now))).toBe(
      'devices.token_invalid',
    );
    const t = now.getTime() / 1000;
    expect(
      await codeOf(verifyDeviceJws(await sign({ iat: t, exp: t + 301 }), publicKey, deviceId, now)),
    ).toBe('devices.token_invalid');
    expect(
      await codeOf(verifyDeviceJws(await sign({ iat: t - 400, exp: t - 100 }), publicKey, deviceId, now)),
    ).toBe('devices.token_expired');
    expect(
      await codeOf(verifyDeviceJws(await sign({ iat: t + 30, exp: t + 90 }), publicKey, deviceId, now)),
    ).toBe('accepted');
    expect(
      await codeOf(verifyDeviceJws(await sign({ iat: t + 120, exp: t + 180 }), publicKey, deviceId, now)),
    ).toBe('devices.token_invalid');
  });
});
