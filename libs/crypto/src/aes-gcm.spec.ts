import { randomBytes } from 'node:crypto';
import { gcmOpen, gcmSeal } from './aes-gcm';

const key = randomBytes(32);
const aad = Buffer.from('topic|clinic|id');

describe('AES-256-GCM seal', () => {
  it('opens what it sealed, with a fresh nonce each time', () => {
    const text = Buffer.from('hello');
    const a = gcmSeal(key, text, aad);
    const b = gcmSeal(key, text, aad);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext).toHaveLength(text.length + 16);
    expect(gcmOpen(key, a, aad)).toEqual(text);
  });

  it('refuses a changed ciphertext, nonce, associated data or key', () => {
    const sealed = gcmSeal(key, Buffer.from('hello'), aad);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0]! ^= 1;
    expect(gcmOpen(key, { ...sealed, ciphertext: flipped }, aad)).toBeUndefined();
    expect(gcmOpen(key, { ...sealed, nonce: randomBytes(12) }, aad)).toBeUndefined();
    expect(gcmOpen(key, sealed, Buffer.from('topic|clinic|other'))).toBeUndefined();
    expect(gcmOpen(randomBytes(32), sealed, aad)).toBeUndefined();
    expect(gcmOpen(key, { ...sealed, ciphertext: sealed.ciphertext.subarray(0, 8) }, aad)).toBeUndefined();
  });
});
