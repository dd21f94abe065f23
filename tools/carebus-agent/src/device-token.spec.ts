import { decodeProtectedHeader, jwtVerify } from 'jose';
import { generateDeviceKey } from './device-key';
import { DEVICE_TOKEN_AUDIENCE, signDeviceToken } from './device-token';

describe('signDeviceToken', () => {
  it('signs a short-lived EdDSA JWS for the device that its public key verifies', async () => {
    const key = generateDeviceKey();
    const token = await signDeviceToken(key.privateKey, 'device-1');
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA' });
    const { payload } = await jwtVerify(token, key.publicKey, {
      audience: DEVICE_TOKEN_AUDIENCE,
      subject: 'device-1',
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await jwtVerify(await signDeviceToken(key.privateKey, 'device-1'), key.publicKey)).payload.jti,
    ).not.toBe(payload.jti);
    await expect(jwtVerify(token, generateDeviceKey().publicKey)).rejects.toThrow();
  });
});
