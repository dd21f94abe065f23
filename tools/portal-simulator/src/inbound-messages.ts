import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerOf, readJsonObject, sendJson } from './http-io';
import type { ClientTokens } from './client-tokens';
import type { FaultControl } from './faults';
import { MESSAGE_KINDS, type DeliveredMessage, type MessageKind, type PortalStore } from './portal-store';

const KEY = /^[A-Za-z0-9._:-]{8,200}$/;

function problem(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

function messageOf(key: string, body: Record<string, unknown>): DeliveredMessage | string {
  const text = (name: string, max: number, optional = false): string | null | undefined => {
    const value = body[name];
    if (value === undefined || value === null) return optional ? null : undefined;
    return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
  };
  const clinicId = text('clinicId', 64);
  const nationalId = text('nationalId', 11);
  const kind = body.kind as MessageKind;
  const messageBody = text('body', 64 * 1024);
  const subject = text('subject', 500, true);
  const threadId = text('threadId', 64, true);
  const renewalOutcome = text('renewalOutcome', 64, true);
  const items = body.renewedItems ?? [];
  if (!clinicId) return 'clinicId';
  if (!nationalId || !/^\d{11}$/.test(nationalId)) return 'nationalId';
  if (!MESSAGE_KINDS.includes(kind)) return 'kind';
  if (!messageBody) return 'body';
  if (subject === undefined || threadId === undefined || renewalOutcome === undefined)
    return 'optional fields';
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) return 'renewedItems';
  return {
    idempotencyKey: key,
    clinicId,
    nationalId,
    kind,
    subject,
    body: messageBody,
    threadId,
    renewalOutcome,
    renewedItems: items as string[],
    receivedAt: new Date().toISOString(),
  };
}

/**
 * `POST /api/v1/messages`: a clinic's message to a citizen (an answer in a dialogue, a renewal's
 * answer, a notification). Bearer token required; `Idempotency-Key` required and deduplicated: a
 * key seen before answers 200 with the stored message's id and stores nothing. Every call is
 * recorded as an attempt, so a test can tell deliveries from retries.
 */
export class InboundMessages {
  constructor(
    private readonly store: PortalStore,
    private readonly tokens: ClientTokens,
    private readonly faults: FaultControl,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    if (!this.tokens.valid(bearerOf(req))) {
      this.store.attempt(key, 'unauthorized');
      return problem(res, 401, 'invalid_token');
    }
    const fault = this.faults.take();
    if (fault?.kind === 'reset') {
      this.store.attempt(key, 'reset');
      return void req.socket.destroy();
    }
    if (fault?.kind === 'server_error') {
      this.store.attempt(key, 'server_error');
      return problem(res, 503, 'unavailable');
    }
    if (fault?.kind === 'rate_limited') {
      this.store.attempt(key, 'rate_limited');
      return sendJson(
        res,
        429,
        { error: 'rate_limited' },
        { 'retry-after': String(fault.retryAfterSeconds) },
      );
    }
    if (!key || !KEY.test(key)) {
      this.store.attempt(key, 'refused');
      return problem(res, 400, 'idempotency_key_required');
    }
    const body = await readJsonObject(req);
    const seen = this.store.messages.get(key);
    if (seen) {
      this.store.attempt(key, 'duplicate');
      return sendJson(res, 200, { id: key, duplicate: true });
    }
    const message = messageOf(key, body);
    if (typeof message === 'string') {
      this.store.attempt(key, 'refused');
      return problem(res, 400, `invalid_${message.replace(/ /g, '_')}`);
    }
    if (!this.store.reachable(message.nationalId)) {
      this.store.attempt(key, 'refused');
      return problem(res, 422, 'citizen_unreachable');
    }
    this.store.messages.set(key, message);
    if (this.faults.takeLostAnswer()) {
      this.store.attempt(key, 'lost_answer');
      return void req.socket.destroy();
    }
    this.store.attempt(key, 'stored');
    sendJson(res, 201, { id: key, duplicate: false });
  }
}
