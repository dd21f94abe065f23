import { generateKeyPairSync } from 'node:crypto';
import { parsePublicKey } from './device-public-key';

describe('parsePublicKey', () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const raw = spki.subarray(12);

  it('takes SPKI DER or the raw 32 bytes, in standard or URL-safe base64', () => {
    expect(parsePublicKey(spki.toString('base64')).equals(raw)).toBe(true);
    expect(parsePublicKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(parsePublicKey(raw.toString('base64url')).equals(raw)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['not base64', 'not base64!'],
    ['too short', Buffer.alloc(31).toString('base64')],
    [
      'an RSA key',
      generateKeyPairSync('rsa', { modulusLength: 1024 })
        .publicKey.export({ type: 'spki', format: 'der' })
        .toString('base64'),
    ],
    [
      'an X25519 key',
      generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    ],
  ])('refuses %s with devices.invalid_public_key', (_what, text) => {
    expect(() => parsePublicKey(text)).toThrow(
      expect.objectContaining({ code: 'devices.invalid_public_key' }),
    );
  });
});
