import { Inject, Injectable } from '@nestjs/common';
import { PORTAL_SETTINGS, type PortalSettings } from './portal-settings';

/** What the portal receives for one message; `nationalId` only ever leaves in this body, over the wire. */
export interface PortalMessage {
  idempotencyKey: string;
  clinicId: string;
  nationalId: string;
  kind: string;
  subject: string | null;
  body: string;
  threadId: string | null;
  renewalOutcome: string | null;
  renewedItems: string[];
}

/** A file on a message the portal holds: its facts and its bytes, streamed (never whole in memory). */
export interface PortalFile {
  idempotencyKey: string;
  /** The idempotency key of the message the file is on (delivered before). */
  messageKey: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: Buffer;
  bytes: AsyncIterable<Buffer>;
}

export type PortalAnswer =
  { ok: true; duplicate: boolean } | { ok: false; permanent: boolean; code: string; retryAfterMs?: number };

/**
 * The national portal's partner API as a client: a client-credentials token (cached until shortly
 * before it expires; dropped on 401), then the message with its idempotency key. Answers how it
 * went, never throws: a refused connection, a reset or a timeout is a transient `unreachable`.
 */
@Injectable()
export class PortalClient {
  private token: { value: string; until: number } | null = null;

  constructor(@Inject(PORTAL_SETTINGS) private readonly settings: PortalSettings) {}

  get configured(): boolean {
    return this.settings.url !== undefined;
  }

  async deliver(message: PortalMessage): Promise<PortalAnswer> {
    try {
      const token = await this.bearer();
      if (typeof token !== 'string') return token;
      const { idempotencyKey, ...body } = message;
      const res = await fetch(new URL('/api/v1/messages', this.settings.url), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      return await this.answerOf(res);
    } catch {
      return { ok: false, permanent: false, code: 'portal_unreachable' };
    }
  }

  /**
   * A file on a message the portal holds, as the raw body of `PUT /api/v1/messages/{messageKey}/
   * attachments` with its own idempotency key: the bytes stream as they are read (a chunk at a
   * time), with their length and `Repr-Digest` so the portal checks what arrived. The timeout runs
   * per attempt as for a message, but grows with the size (a 12 MiB file on a slow link).
   */
  async deliverAttachment(file: PortalFile): Promise<PortalAnswer> {
    try {
      const token = await this.bearer();
      if (typeof token !== 'string') return token;
      const path = `/api/v1/messages/${encodeURIComponent(file.messageKey)}/attachments`;
      const res = await fetch(new URL(path, this.settings.url), {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': file.mediaType,
          'content-length': String(file.sizeBytes),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          'repr-digest': `sha-256=:${file.sha256.toString('base64')}:`,
          'idempotency-key': file.idempotencyKey,
        },
        // undici pulls an async iterable one chunk at a time: the next chunk is read from the
        // database only when the previous one is on its way (no stream buffers in between).
        body: file.bytes,
        duplex: 'half',
        signal: AbortSignal.timeout(this.settings.timeoutMs + Math.ceil(file.sizeBytes / 1024)),
      } as RequestInit);
      return await this.answerOf(res);
    } catch {
      return { ok: false, permanent: false, code: 'portal_unreachable' };
    }
  }

  /** 2xx → delivered (or a duplicate); 401/408/429/5xx → another attempt; other 4xx → failed for good. */
  private async answerOf(res: Response): Promise<PortalAnswer> {
    const answer = (await res.json().catch(() => ({}))) as { duplicate?: boolean; error?: string };
    if (res.ok) return { ok: true, duplicate: answer.duplicate === true };
    if (res.status === 401) this.token = null;
    const retryAfter = Number(res.headers.get('retry-after'));
    const transient = res.status === 401 || res.status === 408 || res.status === 429 || res.status >= 500;
    return {
      ok: false,
      permanent: !transient,
      code: `portal_${res.status}${answer.error ? `_${answer.error}` : ''}`.slice(0, 100),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }

  private async bearer(): Promise<string | PortalAnswer> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret ?? ''}`).toString(
      'base64',
    );
    const res = await fetch(new URL('/oauth2/token', this.settings.url), {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
    if (!res.ok) return { ok: false, permanent: false, code: `portal_token_${res.status}` };
    const body = (await res.json()) as { access_token: string; expires_in?: number };
    this.token = { value: body.access_token, until: Date.now() + ((body.expires_in ?? 300) - 30) * 1000 };
    return body.access_token;
  }
}
