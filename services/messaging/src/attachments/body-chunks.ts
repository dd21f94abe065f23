import type { Readable } from 'node:stream';
import { attachmentTooLarge } from './attachment.errors';

/** One stored chunk's plain bytes, its index from 0, and whether the body ends with it. */
export interface BodyChunk {
  index: number;
  bytes: Buffer;
  last: boolean;
}

/**
 * A request body cut into chunks of `chunkBytes` as it streams in, holding at most one full
 * chunk and one being filled (so memory does not grow with the body), and refusing (413) as soon
 * as more than `maxBytes` have arrived. A full chunk is handed on only when the next byte comes
 * (or the body ends), so the last one is known. The body is paused while a chunk is handled; it is
 * not destroyed when this stops early, so the caller can still answer (see drainBody).
 */
export async function* bodyChunks(
  body: Readable,
  chunkBytes: number,
  maxBytes: number,
): AsyncGenerator<BodyChunk> {
  let filling = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let ready: Buffer | undefined;
  let index = 0;
  let total = 0;
  for await (const piece of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    total += piece.length;
    if (total > maxBytes) throw attachmentTooLarge();
    let at = 0;
    while (at < piece.length) {
      if (ready) {
        yield { index: index++, bytes: ready, last: false };
        ready = undefined;
      }
      const copied = piece.copy(filling, filled, at);
      filled += copied;
      at += copied;
      if (filled === chunkBytes) {
        ready = filling;
        filling = Buffer.allocUnsafe(chunkBytes);
        filled = 0;
      }
    }
  }
  if (ready) yield { index: index++, bytes: ready, last: filled === 0 };
  if (filled > 0) yield { index: index++, bytes: filling.subarray(0, filled), last: true };
}

/** How long a refused upload's remaining body is read before the answer goes out anyway. */
export const DRAIN_LIMIT_MS = 15_000;

/**
 * After a refusal mid-body: read and discard the rest before answering, so the client (still
 * sending) receives the answer instead of a connection reset by a close with unread data. Nothing
 * of it is kept; a client that keeps sending past `limitMs` gets the answer then.
 */
export async function drainBody(body: Readable, limitMs = DRAIN_LIMIT_MS): Promise<void> {
  if (body.readableEnded || body.destroyed) return;
  let timer: NodeJS.Timeout | undefined;
  const ended = new Promise<void>((resolve) => {
    body
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
    timer = setTimeout(resolve, limitMs);
  });
  body.resume();
  await ended;
  clearTimeout(timer);
}
