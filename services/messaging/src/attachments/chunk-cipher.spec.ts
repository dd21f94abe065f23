import { randomBytes, randomUUID } from 'node:crypto';
import { ChunkCipher, type ChunkPlace } from './chunk-cipher';

describe('ChunkCipher', () => {
  const dataKey = randomBytes(32);
  const clinicId = randomUUID();
  const attachmentId = randomUUID();
  const place: ChunkPlace = { clinicId, attachmentId, index: 3, last: false };
  const plain = randomBytes(1000);

  it('opens what it sealed, and the sealed bytes do not contain the plain ones', () => {
    const cipher = new ChunkCipher(dataKey, attachmentId);
    const sealed = cipher.seal(place, plain);
    expect(sealed.includes(plain.subarray(0, 32))).toBe(false);
    expect(cipher.open(place, sealed)).toEqual(plain);
  });

  it.each<[string, Partial<ChunkPlace>]>([
    ['another index', { index: 4 }],
    ['the last-chunk mark', { last: true }],
    ['another attachment', { attachmentId: randomUUID() }],
    ['another clinic', { clinicId: randomUUID() }],
  ])('refuses a chunk read at %s', (_what, moved) => {
    const sealed = new ChunkCipher(dataKey, attachmentId).seal(place, plain);
    const reader = new ChunkCipher(dataKey, moved.attachmentId ?? attachmentId);
    expect(reader.open({ ...place, ...moved }, sealed)).toBeUndefined();
  });

  it('refuses a flipped bit anywhere, and another data key', () => {
    const cipher = new ChunkCipher(dataKey, attachmentId);
    const sealed = cipher.seal(place, plain);
    for (const at of [0, 12, 500, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at]! ^= 1;
      expect(cipher.open(place, changed)).toBeUndefined();
    }
    expect(new ChunkCipher(randomBytes(32), attachmentId).open(place, sealed)).toBeUndefined();
  });
});
