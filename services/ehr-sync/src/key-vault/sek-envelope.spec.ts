import { randomBytes, randomUUID } from 'node:crypto';
import { KeyRing } from '@carebus/crypto';
import { KEK_VARIABLES } from './key-vault-settings';
import { unwrapSek, wrapSek } from './sek-envelope';

const ring = KeyRing.parse(
  `v1:${randomBytes(32).toString('base64')},v2:${randomBytes(32).toString('base64')}`,
  'v2',
  KEK_VARIABLES,
);
const kek = ring.active;
const binding = { clinicId: randomUUID(), keyId: randomUUID(), kekVersion: 'v2' };
const sek = randomBytes(32);

describe('SEK envelope (AES-256-GCM under the KEK)', () => {
  it('unwraps what it wrapped, with a fresh 96-bit nonce every time', () => {
    const a = wrapSek(kek, binding, sek);
    const b = wrapSek(kek, binding, sek);
    expect(a.nonce).toHaveLength(12);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext).toHaveLength(48);
    expect(unwrapSek(kek, binding, a)).toEqual(sek);
  });

  it.each([
    ['another clinic', { ...binding, clinicId: randomUUID() }],
    ['another key id', { ...binding, keyId: randomUUID() }],
    ['another KEK version label', { ...binding, kekVersion: 'v1' }],
  ])('does not unwrap when bound to %s', (_what, other) => {
    const wrapped = wrapSek(kek, binding, sek);
    expect(unwrapSek(ring.get(other.kekVersion)!, other, wrapped)).toBeUndefined();
  });

  it('does not unwrap a changed ciphertext, tag or nonce, nor under another KEK', () => {
    const wrapped = wrapSek(kek, binding, sek);
    const flip = (b: Buffer, i: number) => Buffer.from(b.map((x, j) => (j === i ? x ^ 1 : x)));
    expect(unwrapSek(kek, binding, { ...wrapped, ciphertext: flip(wrapped.ciphertext, 3) })).toBeUndefined();
    expect(unwrapSek(kek, binding, { ...wrapped, ciphertext: flip(wrapped.ciphertext, 40) })).toBeUndefined();
    expect(unwrapSek(kek, binding, { ...wrapped, nonce: flip(wrapped.nonce, 0) })).toBeUndefined();
    expect(
      unwrapSek(kek, binding, { ...wrapped, ciphertext: wrapped.ciphertext.subarray(0, 40) }),
    ).toBeUndefined();
    const otherKek = { version: 'v2', key: randomBytes(32) };
    expect(unwrapSek(otherKek, binding, wrapped)).toBeUndefined();
  });
});
