import { sameSecret } from '../constant-time';
import type { ServerResponse } from 'node:http';
import type { ApiCall, ApiStyle, CommonError, SimulatorContext } from '../api-call';
import { isRefusal, type WriteResult } from '../data/appointment-writes';
import { recordPage } from '../data/record-page';
import { APPOINTMENT_CLASSES, type RecordKind } from '../data/records';
import { isRecord, parseJson, readBody, sendJson } from '../http-io';
import { parseNewAppointment, parseReschedule, parseRevision } from './vendor-appointment-input';
import { sendVendorError, VENDOR_COMMON } from './vendor-errors';
import { listingCursor, parseListing } from './vendor-listing';
import { changeType, toVendor } from './vendor-records';

const LISTS: Record<string, RecordKind> = {
  providers: 'provider',
  patients: 'patient',
  appointments: 'appointment',
};
const ALL_KINDS = new Set<RecordKind>(['provider', 'patient', 'appointment']);

/** The vendor style under /vendor/api/v2: sessions, lists with cursors, writes, change feed. */
export class VendorRoutes implements ApiStyle {
  constructor(private readonly ctx: SimulatorContext) {}

  fail(res: ServerResponse, error: CommonError, retryAfterSeconds?: number): void {
    const [status, code, text] = VENDOR_COMMON[error];
    sendVendorError(
      res,
      status,
      code,
      text,
      {},
      retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
    );
  }

  async handle(call: ApiCall): Promise<void> {
    const { req, res, path } = call;
    const method = req.method ?? 'GET';
    if (path === '/sessions' && method === 'POST') return this.openSession(call);
    if (!this.authorised(call)) return;
    const [, list, id, action, ...rest] = path.split('/');
    if (rest.length > 0 || !list) return this.fail(res, 'not_found');
    if (method === 'GET' && list === 'changes' && id === undefined) return this.changes(call);
    if (method === 'GET' && list === 'appointment-classes' && id === undefined) {
      return sendJson(res, 200, {
        items: APPOINTMENT_CLASSES.map((c) => ({
          classId: c.id,
          name: c.name,
          durationMinutes: c.durationMinutes,
          unavailable: c.unavailable,
        })),
        nextCursor: null,
      });
    }
    if (list === 'journal-notes' && method === 'POST' && id === undefined)
      return this.replayed(call) ? undefined : this.createNote(call);
    const kind = LISTS[list];
    if (!kind) return this.fail(res, 'not_found');
    if (method === 'GET' && id === undefined) return this.list(call, list, kind);
    if (method === 'GET' && id && action === undefined) return this.read(res, kind, id);
    if (method !== 'GET' && this.replayed(call)) return;
    if (kind === 'appointment' && method === 'POST' && id === undefined) return this.create(call);
    if (kind === 'appointment' && method === 'PATCH' && id && action === undefined)
      return this.reschedule(call, id);
    if (kind === 'appointment' && method === 'POST' && id && action === 'cancel')
      return this.cancel(call, id);
    sendVendorError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed here.');
  }

  private async openSession({ req, res }: ApiCall): Promise<void> {
    const body = parseJson(await readBody(req));
    const user = this.ctx.vendorUser;
    if (!isRecord(body) || typeof body.username !== 'string' || typeof body.activationCode !== 'string') {
      return sendVendorError(res, 400, 'BAD_REQUEST', 'username and activationCode are required.');
    }
    if (!sameSecret(body.username, user.username) || !sameSecret(body.activationCode, user.activationCode)) {
      return sendVendorError(res, 401, 'INVALID_CREDENTIALS', 'Unknown user or wrong activation code.');
    }
    const { token, expiresAt } = this.ctx.vendorSessions.issue(this.ctx.tokenTtlSeconds);
    sendJson(res, 201, { sessionToken: token, expiresAt: new Date(expiresAt).toISOString() });
  }

  private authorised({ req, res }: ApiCall): boolean {
    const header = req.headers['x-session-token'];
    const state = this.ctx.vendorSessions.check(typeof header === 'string' ? header : undefined);
    if (state === 'valid') return true;
    if (state === 'deauthorized')
      sendVendorError(res, 401, 'DEAUTHORIZED', 'The authorization was withdrawn; sign in again.');
    else if (state === 'expired') sendVendorError(res, 401, 'SESSION_EXPIRED', 'The session has expired.');
    else sendVendorError(res, 401, 'SESSION_INVALID', 'A valid X-Session-Token is required.');
    return false;
  }

  private read(res: ServerResponse, kind: RecordKind, id: string): void {
    const record = this.ctx.store.get(kind, id);
    if (!record) return this.fail(res, 'not_found');
    sendJson(res, 200, toVendor(record));
  }

  private list({ res, url }: ApiCall, list: string, kind: RecordKind): void {
    const listing = parseListing(list, url.searchParams, this.ctx.store);
    if ('errorCode' in listing) return sendVendorError(res, 400, listing.errorCode, listing.errorText);
    const page = recordPage(
      this.ctx.store,
      new Set([kind]),
      listing.position,
      listing.pageSize,
      listing.keep,
    );
    sendJson(res, 200, {
      items: page.records.map(toVendor),
      nextCursor: page.next ? listingCursor(list, page.next, listing.filters) : null,
    });
  }

  private changes({ res, url }: ApiCall): void {
    const listing = parseListing('changes', url.searchParams, this.ctx.store);
    if ('errorCode' in listing) return sendVendorError(res, 400, listing.errorCode, listing.errorText);
    const page = recordPage(this.ctx.store, ALL_KINDS, listing.position, listing.pageSize);
    const items = page.records.map((record) => ({
      revision: record.revision,
      entityType: record.kind.toUpperCase(),
      entityId: record.id,
      changeType: changeType(record),
      record: toVendor(record),
    }));
    sendJson(res, 200, {
      items,
      lastRevision: items.at(-1)?.revision ?? listing.position.after,
      hasMore: page.next !== null,
    });
  }

  private async create(call: ApiCall): Promise<void> {
    const { req, res } = call;
    const input = parseNewAppointment(parseJson(await readBody(req)));
    if ('field' in input)
      return sendVendorError(res, 422, 'VALIDATION_FAILED', input.text, { field: input.field });
    const key = idempotencyKey(call);
    this.answer(call, this.ctx.writes.create(input, this.ctx.faults.requireAppointmentType, key), 201);
  }

  private async createNote(call: ApiCall): Promise<void> {
    const { req, res, path } = call;
    const body = parseJson(await readBody(req));
    const ok = isRecord(body) && typeof body.patientId === 'string' && typeof body.text === 'string';
    if (!ok) return sendVendorError(res, 422, 'VALIDATION_FAILED', 'patientId and text are required.', {});
    const key = idempotencyKey(call);
    const writtenAt = typeof body.writtenAt === 'string' ? Date.parse(body.writtenAt) : Date.now();
    const note = this.ctx.notes.create(
      { patientId: body.patientId as string, text: body.text as string, writtenAt, identifier: null },
      key,
    );
    if ('refused' in note)
      return sendVendorError(res, 422, 'VALIDATION_FAILED', note.text, { field: note.field });
    const answer = {
      noteId: note.id,
      patientId: note.patientId,
      writtenAt: new Date(note.writtenAt).toISOString(),
    };
    if (key) this.ctx.idempotency.keep(`POST ${path}`, key, { status: 201, body: answer, headers: {} });
    sendJson(res, 201, answer);
  }

  /** A write whose `Idempotency-Key` was answered before gets that answer again and changes nothing. */
  private replayed({ req, res, path }: ApiCall): boolean {
    const key = idempotencyKey({ req });
    const kept = key ? this.ctx.idempotency.find(`${req.method} ${path}`, key) : null;
    if (!kept) return false;
    sendJson(res, kept.status, kept.body, { ...kept.headers, 'idempotent-replayed': 'true' });
    return true;
  }

  private async reschedule(call: ApiCall, id: string): Promise<void> {
    const { req, res } = call;
    const parsed = parseReschedule(parseJson(await readBody(req)));
    if ('field' in parsed)
      return sendVendorError(res, 422, 'VALIDATION_FAILED', parsed.text, { field: parsed.field });
    const expected = parsed.revision;
    this.answer(
      call,
      this.ctx.writes.reschedule(
        id,
        parsed.change,
        expected === undefined ? undefined : (r) => r.revision === expected,
        idempotencyKey(call),
      ),
      200,
    );
  }

  private async cancel(call: ApiCall, id: string): Promise<void> {
    const { req, res } = call;
    const text = await readBody(req);
    const revision = parseRevision(text === '' ? {} : parseJson(text));
    if (typeof revision === 'object' && revision !== null)
      return sendVendorError(res, 422, 'VALIDATION_FAILED', revision.text, { field: revision.field });
    this.answer(
      call,
      this.ctx.writes.cancel(
        id,
        revision === null ? undefined : (r) => r.revision === revision,
        idempotencyKey(call),
      ),
      200,
    );
  }

  private answer({ req, res, path }: ApiCall, result: WriteResult, status: number): void {
    if (!isRefusal(result)) {
      const key = idempotencyKey({ req });
      const body = toVendor(result);
      if (key) this.ctx.idempotency.keep(`${req.method} ${path}`, key, { status, body, headers: {} });
      return sendJson(res, status, body);
    }
    if (result.refused === 'not_found') return this.fail(res, 'not_found');
    if (result.refused === 'conflict')
      return sendVendorError(res, 409, 'REVISION_CONFLICT', 'The record has changed since that revision.');
    if (result.refused === 'already_cancelled')
      return sendVendorError(res, 409, 'ALREADY_CANCELLED', 'The appointment is cancelled.');
    if (result.refused === 'class_required')
      return sendVendorError(res, 422, 'APPOINTMENT_CLASS_REQUIRED', 'An appointment class is required.', {
        field: 'classId',
      });
    sendVendorError(res, 422, 'VALIDATION_FAILED', result.text, { field: result.field });
  }
}

/** The client's `Idempotency-Key` (1–255 visible characters), or null. */
function idempotencyKey({ req }: Pick<ApiCall, 'req'>): string | null {
  const key = req.headers['idempotency-key'];
  return typeof key === 'string' && /^[\x21-\x7e]{1,255}$/.test(key) ? key : null;
}
