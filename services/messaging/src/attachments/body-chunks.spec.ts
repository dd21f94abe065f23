import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { bodyChunks, type BodyChunk } from './body-chunks';

async function chunksOf(pieces: Buffer[], chunkBytes: number, maxBytes = 1 << 20): Promise<BodyChunk[]> {
  const out: BodyChunk[] = [];
  for await (const chunk of bodyChunks(Readable.from(pieces), chunkBytes, maxBytes))
    out.push({ ...chunk, bytes: Buffer.from(chunk.bytes) });
  return out;
}

describe('bodyChunks', () => {
  it.each([
    ['pieces smaller than a chunk, not a multiple', [7, 7, 7, 3], 8],
    ['an exact multiple of the chunk size', [16, 8], 8],
    ['one piece spanning several chunks', [29], 8],
    ['a body shorter than one chunk', [5], 8],
  ])('cuts %s into full chunks in order, marking only the last', async (_what, sizes, chunkBytes) => {
    const pieces = sizes.map((n) => randomBytes(n));
    const chunks = await chunksOf(pieces, chunkBytes);
    expect(Buffer.concat(chunks.map((c) => c.bytes))).toEqual(Buffer.concat(pieces));
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_c, i) => i));
    expect(chunks.map((c) => c.last)).toEqual(chunks.map((_c, i) => i === chunks.length - 1));
    expect(chunks.slice(0, -1).every((c) => c.bytes.length === chunkBytes)).toBe(true);
  });

  it('gives nothing for an empty body', async () => {
    expect(await chunksOf([], 8)).toEqual([]);
  });

  it('takes exactly the limit and refuses one byte more (413)', async () => {
    await expect(chunksOf([randomBytes(10), randomBytes(6)], 8, 16)).resolves.toHaveLength(2);
    await expect(chunksOf([randomBytes(10), randomBytes(7)], 8, 16)).rejects.toMatchObject({
      code: 'messaging.attachment_too_large',
      kind: 'payload_too_large',
    });
  });
});
