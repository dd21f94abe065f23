import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientTokens } from './client-tokens';
import type { FaultControl } from './faults';
import { bearerOf, sendJson } from './http-io';
import type { PortalStore } from './portal-store';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;
/** The portal's limit for a file on a message (12 MiB). */
export const MAX_ATTACHMENT_BYTES = 12 * 1024 * 1024;

/** `filename*=UTF-8''…` (RFC 8187) or `filename="…"` of a Content-Disposition header. */
function fileNameOf(header: string | undefined): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      return null;
    }
  }
  return /filename="([^"]+)"/i.exec(header ?? '')?.[1] ?? null;
}

/**
 * `PUT /api/v1/messages/{messageKey}/attachments`: a file on a message the clinic delivered before
 * (by that message's idempotency key), the raw bytes as the body. Bearer token and
 * `Idempotency-Key` required; a key seen before answers 200 and keeps nothing. The body is read as
 * it streams: hashed (SHA-256) and refused with 413 at the byte that crosses 12 MiB; a
 * `Repr-Digest` that does not match the bytes is refused with 400. A lost answer (fault) stores
 * the file and cuts the connection, as the message endpoint does.
 */
export class InboundAttachments {
  constructor(
    private readonly store: PortalStore,
    private readonly tokens: ClientTokens,
    private readonly faults: FaultControl,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, messageKey: string): Promise<void> {
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    if (!this.tokens.valid(bearerOf(req))) {
      this.store.attempt(key, 'unauthorized');
      return sendJson(res, 401, { error: 'invalid_token' });
    }
    if (!key || !KEY.test(key)) {
      this.store.attempt(key, 'refused');
      return sendJson(res, 400, { error: 'idempotency_key_required' });
    }
    if (this.store.attachments.has(key)) {
      req.resume();
      this.store.attempt(key, 'duplicate');
      return sendJson(res, 200, { id: key, duplicate: true });
    }
    if (!this.store.messages.has(messageKey)) {
      req.resume();
      this.store.attempt(key, 'refused');
      return sendJson(res, 404, { error: 'message_not_found' });
    }
    const fileName = fileNameOf(req.headers['content-disposition']);
    const mediaType = req.headers['content-type'];
    if (!fileName || !mediaType) {
      req.resume();
      this.store.attempt(key, 'refused');
      return sendJson(res, 400, { error: 'file_name_and_type_required' });
    }
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_ATTACHMENT_BYTES) {
        this.store.attempt(key, 'refused');
        sendJson(res, 413, { error: 'too_large' }, { connection: 'close' });
        return void req.destroy();
      }
      hash.update(chunk);
      parts.push(chunk);
    }
    const sha256 = hash.digest();
    const digest = /sha-256=:([^:]+):/.exec(String(req.headers['repr-digest'] ?? ''))?.[1];
    if (digest && Buffer.from(digest, 'base64').compare(sha256) !== 0) {
      this.store.attempt(key, 'refused');
      return sendJson(res, 400, { error: 'digest_mismatch' });
    }
    this.store.attachments.set(key, {
      idempotencyKey: key,
      messageKey,
      fileName,
      mediaType,
      sizeBytes: size,
      sha256: sha256.toString('hex'),
      bytes: Buffer.concat(parts),
      receivedAt: new Date().toISOString(),
    });
    if (this.faults.takeLostAnswer()) {
      this.store.attempt(key, 'lost_answer');
      return void req.socket.destroy();
    }
    this.store.attempt(key, 'stored');
    sendJson(res, 201, { id: key, duplicate: false });
  }
}
