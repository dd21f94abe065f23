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
  requestRefused,
  writeConflict,
} from '../ehr-adapter.errors';
import { isDeepStrictEqual } from 'node:util';
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
import { objectAt, stringAt } from '../response-shape';
import { searchPage } from './fhir-bundle';
import { fhirError } from './fhir-errors';
import { appointmentFromFhir, providerFromFhir } from './fhir-resources';

const FHIR_JSON = 'application/fhir+json';
/** The identifier system of what Carebus writes: a retried create finds the first (`If-None-Exist`). */
export const CAREBUS_WRITE_SYSTEM = 'urn:carebus:ehr-write';

/**
 * A FHIR R4 server: OAuth2 client credentials, searchset paging through `next` links, the
 * change feed as `_lastUpdated=ge<watermark>` searches (the watermark is the last `lastUpdated`
 * seen), writes as Appointment create/update with `If-Match`.
 */
export class FhirAdapter implements EhrAdapter {
  readonly system = 'fhir-r4';
  private readonly http: EhrHttp;
  private accessToken: string | null = null;

  constructor(private readonly options: EhrAdapterOptions) {
    this.http = new EhrHttp(options);
  }

  async authenticate(credentials: EhrCredentials): Promise<EhrSession> {
    if (credentials.system !== 'fhir-r4') throw requestRefused({ ehrCode: 'wrong_credentials_kind' });
    this.accessToken = null;
    const tokenUrl = credentials.tokenUrl ?? `${new URL(this.options.baseUrl).origin}/oauth2/token`;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
    const response = await this.http.call(tokenUrl, { method: 'POST', form });
    const error =
      typeof (response.body as { error?: unknown } | undefined)?.error === 'string'
        ? (response.body as { error: string }).error
        : undefined;
    if (response.status === 401 || error === 'invalid_client' || error === 'unauthorized_client') {
      throw credentialsRejected({ status: response.status, ...(error ? { ehrCode: error } : {}) });
    }
    if (response.status !== 200)
      throw requestRefused({ status: response.status, ...(error ? { ehrCode: error } : {}) });
    const body = objectAt(response.body, 'token');
    this.accessToken = stringAt(body.access_token, 'token.access_token');
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : null;
    return {
      system: this.system,
      expiresAt: expiresIn === null ? null : new Date(Date.now() + expiresIn * 1000),
    };
  }

  async listProviders(): Promise<EhrProvider[]> {
    const providers: EhrProvider[] = [];
    for await (const resources of this.search('/Practitioner?_count=100'))
      providers.push(...resources.map(providerFromFhir));
    return providers;
  }

  appointments(query: AppointmentQuery): AsyncIterable<EhrPage<EhrAppointment>> {
    const params = new URLSearchParams({ _count: String(query.pageSize), _sort: '_lastUpdated' });
    if (query.since) params.append('_lastUpdated', `ge${query.since}`);
    if (query.from) params.append('date', `ge${query.from.toISOString()}`);
    if (query.to) params.append('date', `lt${query.to.toISOString()}`);
    return this.appointmentPages(`/Appointment?${params}`, query.since ?? null);
  }

  changes(since: string | null, pageSize = 100): AsyncIterable<EhrPage<EhrAppointment>> {
    return this.appointments({ since, pageSize });
  }

  async createAppointment(appointment: NewEhrAppointment): Promise<EhrAppointment> {
    const key = appointment.idempotencyKey;
    const resource = {
      resourceType: 'Appointment',
      ...(key ? { identifier: [{ system: CAREBUS_WRITE_SYSTEM, value: key }] } : {}),
      status: 'booked',
      ...(appointment.appointmentClass
        ? { appointmentType: { coding: [coding(appointment.appointmentClass)] } }
        : {}),
      start: appointment.start.toISOString(),
      end: appointment.end.toISOString(),
      participant: [
        { actor: { reference: `Practitioner/${appointment.providerExternalId}` }, status: 'accepted' },
        ...(appointment.patientExternalId
          ? [{ actor: { reference: `Patient/${appointment.patientExternalId}` }, status: 'accepted' }]
          : []),
      ],
    };
    const headers = conditional(key);
    return this.written(
      await this.call('/Appointment', { method: 'POST', headers, json: resource }, [201, 200]),
    );
  }

  async createJournalNote(note: NewEhrJournalNote): Promise<EhrJournalNote> {
    const key = note.idempotencyKey;
    const resource = {
      resourceType: 'DocumentReference',
      ...(key ? { identifier: [{ system: CAREBUS_WRITE_SYSTEM, value: key }] } : {}),
      status: 'current',
      subject: { reference: `Patient/${note.patientExternalId}` },
      date: note.writtenAt.toISOString(),
      content: [
        {
          attachment: { contentType: 'text/plain', data: Buffer.from(note.text, 'utf8').toString('base64') },
        },
      ],
    };
    const body = objectAt(
      await this.call(
        '/DocumentReference',
        { method: 'POST', headers: conditional(key), json: resource },
        [201, 200],
      ),
      'DocumentReference',
    );
    return { externalId: stringAt(body.id, 'DocumentReference.id') };
  }

  async cancelAppointment(externalId: string, expectedVersion?: string): Promise<EhrAppointment> {
    return this.change(externalId, expectedVersion, (resource) => ({ ...resource, status: 'cancelled' }));
  }

  async rescheduleAppointment(
    externalId: string,
    change: EhrReschedule,
    expectedVersion?: string,
  ): Promise<EhrAppointment> {
    return this.change(externalId, expectedVersion, (resource) => {
      const participant = (resource.participant as { actor?: { reference?: string } }[]).map((p) =>
        change.providerExternalId && p.actor?.reference?.startsWith('Practitioner/')
          ? { ...p, actor: { reference: `Practitioner/${change.providerExternalId}` } }
          : p,
      );
      return { ...resource, start: change.start.toISOString(), end: change.end.toISOString(), participant };
    });
  }

  /** Read, check the version, update with If-Match: the server refuses if it changed in between. */
  private async change(
    externalId: string,
    expectedVersion: string | undefined,
    edit: (resource: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<EhrAppointment> {
    const path = `/Appointment/${encodeURIComponent(externalId)}`;
    const current = objectAt(await this.call(path, {}, 200), 'Appointment');
    const version = (current.meta as { versionId?: unknown } | undefined)?.versionId;
    if (expectedVersion !== undefined && version !== expectedVersion)
      throw writeConflict({ ehrCode: 'version' });
    const headers: Record<string, string> =
      typeof version === 'string' ? { 'if-match': `W/"${version}"` } : {};
    const { meta: _meta, ...rest } = current;
    void _meta;
    const edited = edit(rest);
    // Already as asked (a retry after the first write landed): nothing to write again.
    if (isDeepStrictEqual(edited, rest)) return this.written(current);
    return this.written(await this.call(path, { method: 'PUT', headers, json: edited }, 200));
  }

  private written(body: unknown): EhrAppointment {
    const appointment = appointmentFromFhir(body);
    if (!appointment) throw badResponse('Appointment.start');
    return appointment;
  }

  private async *appointmentPages(
    first: string,
    since: string | null,
  ): AsyncGenerator<EhrPage<EhrAppointment>> {
    let watermark = since;
    for await (const resources of this.search(first)) {
      const items: EhrAppointment[] = [];
      for (const resource of resources) {
        const appointment = appointmentFromFhir(resource);
        const lastUpdated = (resource.meta as { lastUpdated?: unknown } | undefined)?.lastUpdated;
        if (typeof lastUpdated !== 'string') throw badResponse('Appointment.meta.lastUpdated');
        watermark = lastUpdated;
        if (appointment) items.push(appointment);
      }
      yield { items, watermark };
    }
  }

  /** The resources of each page of a search, one request per page. */
  private async *search(first: string): AsyncGenerator<Record<string, unknown>[]> {
    let url: string | null = this.http.url(first);
    while (url) {
      const page = searchPage(await this.call(url, {}, 200));
      yield page.resources;
      url = page.next ? this.http.url(page.next) : null;
    }
  }

  private async call(pathOrUrl: string, request: EhrRequest, expected: number | number[]): Promise<unknown> {
    if (!this.accessToken) throw deauthorized({ ehrCode: 'not_authenticated' });
    const headers: Record<string, string> = {
      accept: FHIR_JSON,
      authorization: `Bearer ${this.accessToken}`,
      ...request.headers,
    };
    if (request.json !== undefined) headers['content-type'] = FHIR_JSON;
    const response = await this.http.call(this.http.url(pathOrUrl), { ...request, headers });
    if (!(Array.isArray(expected) ? expected : [expected]).includes(response.status))
      throw fhirError(response);
    return response.body;
  }
}

/** FHIR conditional create: the server answers a resource with this identifier instead of making one. */
function conditional(key: string | undefined): Record<string, string> {
  return key ? { 'if-none-exist': `identifier=${encodeURIComponent(`${CAREBUS_WRITE_SYSTEM}|${key}`)}` } : {};
}

function coding(token: string): { system?: string; code: string } {
  const bar = token.lastIndexOf('|');
  return bar < 0 ? { code: token } : { system: token.slice(0, bar), code: token.slice(bar + 1) };
}
