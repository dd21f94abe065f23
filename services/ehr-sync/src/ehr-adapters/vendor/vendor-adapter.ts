import type {
  AppointmentQuery,
  EhrAdapter,
  EhrAdapterOptions,
  EhrCredentials,
  EhrSession,
} from '../ehr-adapter';
import {
  badResponse,
  credentialsRejected,
  deauthorized,
  EhrAdapterError,
  requestRefused,
} from '../ehr-adapter.errors';
import type {
  EhrAppointment,
  EhrJournalNote,
  EhrPage,
  EhrProvider,
  EhrReschedule,
  NewEhrAppointment,
  NewEhrJournalNote,
} from '../ehr-appointment';
import { EhrHttp, type EhrRequest } from '../ehr-http';
import { arrayAt, objectAt, optionalStringAt, stringAt } from '../response-shape';
import { vendorError } from './vendor-errors';
import { appointmentFromVendor, providerFromVendor } from './vendor-records';

/**
 * The vendor JSON API (a cloud dental/medical EHR): a dedicated user and activation code open a
 * session; lists page with `cursor`/`nextCursor`; every record carries a revision, and the
 * watermark is the last revision seen (`sinceRevision`).
 */
export class VendorAdapter implements EhrAdapter {
  readonly system = 'vendor';
  private readonly http: EhrHttp;
  private sessionToken: string | null = null;

  constructor(options: EhrAdapterOptions) {
    this.http = new EhrHttp(options);
  }

  async authenticate(credentials: EhrCredentials): Promise<EhrSession> {
    if (credentials.system !== 'vendor') throw requestRefused({ ehrCode: 'wrong_credentials_kind' });
    this.sessionToken = null;
    const json = { username: credentials.username, activationCode: credentials.activationCode };
    const response = await this.http.call(this.http.url('/sessions'), { method: 'POST', json });
    if (response.status === 401 || response.status === 403)
      throw credentialsRejected({ status: response.status, ...errorCode(response.body) });
    if (response.status !== 201 && response.status !== 200) throw vendorError(response);
    const body = objectAt(response.body, 'session');
    this.sessionToken = stringAt(body.sessionToken, 'session.sessionToken');
    const expiresAt = optionalStringAt(body.expiresAt, 'session.expiresAt');
    return { system: this.system, expiresAt: expiresAt ? new Date(expiresAt) : null };
  }

  async listProviders(): Promise<EhrProvider[]> {
    const providers: EhrProvider[] = [];
    for await (const items of this.list('/providers', new URLSearchParams({ pageSize: '100' })))
      providers.push(...items.map(providerFromVendor));
    return providers;
  }

  async *appointments(query: AppointmentQuery): AsyncGenerator<EhrPage<EhrAppointment>> {
    const params = new URLSearchParams({ pageSize: String(query.pageSize) });
    if (query.since) params.set('sinceRevision', query.since);
    if (query.from) params.set('fromDate', query.from.toISOString());
    if (query.to) params.set('toDate', query.to.toISOString());
    let watermark = query.since ?? null;
    for await (const records of this.list('/appointments', params)) {
      const items = records.map(appointmentFromVendor);
      watermark = items.at(-1)?.version ?? watermark;
      yield { items, watermark };
    }
  }

  async *changes(since: string | null, pageSize = 100): AsyncGenerator<EhrPage<EhrAppointment>> {
    let revision = since ?? '0';
    for (;;) {
      const params = new URLSearchParams({ sinceRevision: revision, pageSize: String(pageSize) });
      const body = objectAt(await this.call(`/changes?${params}`, {}, 200), 'changes');
      const items = arrayAt(body.items, 'changes.items')
        .map((item, i) => objectAt(item, `changes.items[${i}]`))
        .filter((item) => item.entityType === 'APPOINTMENT')
        .map((item) => appointmentFromVendor(item.record));
      const last = body.lastRevision;
      if (!Number.isSafeInteger(last)) throw badResponse('changes.lastRevision');
      revision = String(last);
      yield { items, watermark: revision };
      if (body.hasMore !== true) return;
    }
  }

  async createAppointment(appointment: NewEhrAppointment): Promise<EhrAppointment> {
    const json = {
      providerId: appointment.providerExternalId,
      patientId: appointment.patientExternalId,
      ...(appointment.appointmentClass ? { classId: appointment.appointmentClass } : {}),
      start: appointment.start.toISOString(),
      end: appointment.end.toISOString(),
    };
    const headers = keyed(appointment.idempotencyKey);
    return appointmentFromVendor(await this.call('/appointments', { method: 'POST', json, headers }, 201));
  }

  async createJournalNote(note: NewEhrJournalNote): Promise<EhrJournalNote> {
    const json = {
      patientId: note.patientExternalId,
      text: note.text,
      writtenAt: note.writtenAt.toISOString(),
    };
    const headers = keyed(note.idempotencyKey);
    const body = objectAt(await this.call('/journal-notes', { method: 'POST', json, headers }, 201), 'note');
    return { externalId: stringAt(body.noteId, 'note.noteId') };
  }

  async cancelAppointment(
    externalId: string,
    expectedVersion?: string,
    idempotencyKey?: string,
  ): Promise<EhrAppointment> {
    const json = expectedVersion === undefined ? {} : { revision: Number(expectedVersion) };
    const path = `/appointments/${encodeURIComponent(externalId)}`;
    try {
      return appointmentFromVendor(
        await this.call(`${path}/cancel`, { method: 'POST', json, headers: keyed(idempotencyKey) }, 200),
      );
    } catch (error) {
      // Cancelled already (by this write before its answer was lost, or in the EHR): as asked.
      if (!(error instanceof EhrAdapterError) || error.details.ehrCode !== 'ALREADY_CANCELLED') throw error;
      return appointmentFromVendor(await this.call(path, {}, 200));
    }
  }

  async rescheduleAppointment(
    externalId: string,
    change: EhrReschedule,
    expectedVersion?: string,
    idempotencyKey?: string,
  ): Promise<EhrAppointment> {
    const json = {
      start: change.start.toISOString(),
      end: change.end.toISOString(),
      ...(change.providerExternalId ? { providerId: change.providerExternalId } : {}),
      ...(expectedVersion === undefined ? {} : { revision: Number(expectedVersion) }),
    };
    const headers = keyed(idempotencyKey);
    return appointmentFromVendor(
      await this.call(
        `/appointments/${encodeURIComponent(externalId)}`,
        { method: 'PATCH', json, headers },
        200,
      ),
    );
  }

  /** The items of each page of a list, one request per page. */
  private async *list(path: string, params: URLSearchParams): AsyncGenerator<unknown[]> {
    for (;;) {
      const body = objectAt(await this.call(`${path}?${params}`, {}, 200), 'page');
      yield arrayAt(body.items, 'page.items');
      const next = optionalStringAt(body.nextCursor, 'page.nextCursor');
      if (!next) return;
      params.set('cursor', next);
    }
  }

  private async call(path: string, request: EhrRequest, expected: number): Promise<unknown> {
    if (!this.sessionToken) throw deauthorized({ ehrCode: 'not_authenticated' });
    const response = await this.http.call(this.http.url(path), {
      ...request,
      headers: { 'x-session-token': this.sessionToken, ...request.headers },
    });
    if (response.status !== expected) throw vendorError(response);
    return response.body;
  }
}

function errorCode(body: unknown): { ehrCode?: string } {
  const code = (body as { errorCode?: unknown } | undefined)?.errorCode;
  return typeof code === 'string' ? { ehrCode: code } : {};
}

/** The vendor's `Idempotency-Key` header: a retry with it is answered as the first call. */
function keyed(key: string | undefined): Record<string, string> {
  return key ? { 'idempotency-key': key } : {};
}
