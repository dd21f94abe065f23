import type { ServerResponse } from 'node:http';
import type { ApiCall, ApiStyle, CommonError, SimulatorContext } from '../api-call';
import { isRefusal, type WriteResult } from '../data/appointment-writes';
import { recordPage } from '../data/record-page';
import type { AppointmentRecord } from '../data/records';
import { parseJson, readBody, sendJson } from '../http-io';
import { parseAppointmentBody } from './appointment-body';
import { documentReference, parseNoteBody } from './document-reference';
import { FHIR_TYPES, ID_PREFIX, RECORD_KIND, toFhir, type FhirType } from './fhir-resources';
import { nextCursor, parseSearch } from './fhir-search';
import { FHIR_JSON, sendOutcome, type OutcomeIssue } from './operation-outcome';

const COMMON: Record<CommonError, [number, OutcomeIssue]> = {
  unavailable: [503, { code: 'transient', diagnostics: 'The server is down for maintenance.' }],
  server_error: [500, { code: 'exception', diagnostics: 'Internal server error.' }],
  rate_limited: [429, { code: 'throttled', diagnostics: 'Too many requests.' }],
  not_found: [404, { code: 'not-found', diagnostics: 'No such resource or operation.' }],
  too_large: [413, { code: 'too-costly', diagnostics: 'The body is too large.' }],
  bad_json: [400, { code: 'structure', diagnostics: 'The body is not JSON.' }],
};

/** Where a store field lives in an Appointment. */
const FHIR_PATH: Record<string, string> = {
  providerId: 'Appointment.participant',
  patientId: 'Appointment.participant',
  classId: 'Appointment.appointmentType',
  end: 'Appointment.end',
};

/** The FHIR R4 style under /fhir/r4: read, search (Bundle paging) and Appointment writes. */
export class FhirRoutes implements ApiStyle {
  constructor(private readonly ctx: SimulatorContext) {}

  fail(res: ServerResponse, error: CommonError, retryAfterSeconds?: number): void {
    const [status, issue] = COMMON[error];
    sendOutcome(res, status, issue, retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {});
  }

  async handle(call: ApiCall): Promise<void> {
    const { req, res } = call;
    if (!this.authorised(call)) return;
    const [, typeName, id, ...rest] = call.path.split('/');
    if (typeName === 'DocumentReference' && req.method === 'POST' && id === undefined) return this.note(call);
    const type = FHIR_TYPES.find((t) => t === typeName);
    if (!type || rest.length > 0) return this.fail(res, 'not_found');
    if (req.method === 'GET' && id === undefined) return this.search(call, type);
    if (req.method === 'GET' && id) return this.read(res, type, id);
    if (type === 'Appointment' && req.method === 'POST' && id === undefined) return this.write(call, null);
    if (type === 'Appointment' && req.method === 'PUT' && id) return this.write(call, id);
    sendOutcome(res, 405, { code: 'not-supported', diagnostics: 'Method not allowed here.' });
  }

  private authorised({ req, res }: ApiCall): boolean {
    const header = req.headers.authorization;
    const state = this.ctx.fhirTokens.check(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    if (state === 'valid') return true;
    const issue: OutcomeIssue =
      state === 'deauthorized'
        ? {
            code: 'security',
            diagnostics: 'The authorization was withdrawn; request a new token.',
            detailCode: 'deauthorized',
          }
        : state === 'expired'
          ? { code: 'expired', diagnostics: 'The access token has expired.' }
          : { code: 'login', diagnostics: 'A valid bearer token is required.' };
    sendOutcome(res, 401, issue, { 'www-authenticate': `Bearer error="invalid_token"` });
    return false;
  }

  private read(res: ServerResponse, type: FhirType, id: string): void {
    const prefix = ID_PREFIX[type];
    const record = id.startsWith(prefix)
      ? this.ctx.store.get(RECORD_KIND[type], id.slice(prefix.length))
      : null;
    if (!record)
      return sendOutcome(res, 404, { code: 'not-found', diagnostics: `${type}/${id} is not known.` });
    sendJson(res, 200, toFhir(type, record), { etag: `W/"${record.version}"` }, FHIR_JSON);
  }

  private search({ res, url, base }: ApiCall, type: FhirType): void {
    const search = parseSearch(type, url.searchParams, this.ctx.store);
    if ('code' in search) return sendOutcome(res, 400, search);
    const page = recordPage(
      this.ctx.store,
      new Set([RECORD_KIND[type]]),
      search.position,
      search.count,
      search.keep,
    );
    const link = [{ relation: 'self', url: `${base}/${type}${url.search}` }];
    if (page.next) {
      const cursor = nextCursor(type, page.next, search.filters);
      link.push({ relation: 'next', url: `${base}/${type}?_cursor=${cursor}&_count=${search.count}` });
    }
    sendJson(
      res,
      200,
      {
        resourceType: 'Bundle',
        type: 'searchset',
        link,
        entry: page.records.map((record) => {
          const resource = toFhir(type, record);
          return { fullUrl: `${base}/${type}/${String(resource.id)}`, resource, search: { mode: 'match' } };
        }),
      },
      {},
      FHIR_JSON,
    );
  }

  private async write({ req, res, base }: ApiCall, id: string | null): Promise<void> {
    const parsed = parseAppointmentBody(parseJson(await readBody(req)));
    if ('code' in parsed) return sendOutcome(res, 422, parsed);
    if (parsed.input.classId === null && id === null && this.ctx.faults.requireAppointmentType) {
      return sendOutcome(res, 422, {
        code: 'required',
        diagnostics: 'An appointment type is required.',
        expression: ['Appointment.appointmentType'],
      });
    }
    const writes = this.ctx.writes;
    if (id === null) {
      // Conditional create (`If-None-Exist: identifier=system|value`): a match is answered, not created again.
      const condition = /^identifier=(.+)$/.exec(String(req.headers['if-none-exist'] ?? ''))?.[1];
      const existing = condition ? writes.findByIdentifier(decodeURIComponent(condition)) : null;
      if (existing)
        return sendJson(
          res,
          200,
          toFhir('Appointment', existing),
          { etag: `W/"${existing.version}"` },
          FHIR_JSON,
        );
    }
    const ifMatch = /^W\/"(\d+)"$/.exec(req.headers['if-match'] ?? '')?.[1];
    const expected = ifMatch ? (r: AppointmentRecord) => String(r.version) === ifMatch : undefined;
    let result: WriteResult;
    if (id === null) result = writes.create(parsed.input, false);
    else if (parsed.status === 'cancelled') result = writes.cancel(id, expected);
    else
      result = writes.reschedule(
        id,
        { start: parsed.input.start, end: parsed.input.end, providerId: parsed.input.providerId },
        expected,
      );
    if (isRefusal(result)) return this.refuse(res, result);
    const headers: Record<string, string> = { etag: `W/"${result.version}"` };
    if (id === null) headers.location = `${base}/Appointment/${result.id}/_history/${result.version}`;
    sendJson(res, id === null ? 201 : 200, toFhir('Appointment', result), headers, FHIR_JSON);
  }

  /** A DocumentReference with a text/plain attachment about a Patient: a journal note. */
  private async note({ req, res, base }: ApiCall): Promise<void> {
    const parsed = parseNoteBody(parseJson(await readBody(req)));
    if ('code' in parsed) return sendOutcome(res, 422, parsed);
    const condition = /^identifier=(.+)$/.exec(String(req.headers['if-none-exist'] ?? ''))?.[1];
    const existing = condition ? this.ctx.notes.findByIdentifier(decodeURIComponent(condition)) : null;
    const note = existing ?? this.ctx.notes.create(parsed);
    if ('refused' in note)
      return sendOutcome(res, 422, {
        code: 'invalid',
        diagnostics: note.text,
        expression: ['DocumentReference.subject'],
      });
    const headers: Record<string, string> = existing
      ? {}
      : { location: `${base}/DocumentReference/${note.id}/_history/1` };
    sendJson(res, existing ? 200 : 201, documentReference(note), headers, FHIR_JSON);
  }

  private refuse(res: ServerResponse, refusal: Exclude<WriteResult, AppointmentRecord>): void {
    if (refusal.refused === 'not_found') return this.fail(res, 'not_found');
    if (refusal.refused === 'conflict')
      return sendOutcome(res, 412, {
        code: 'conflict',
        diagnostics: 'If-Match does not name the current version.',
      });
    if (refusal.refused === 'already_cancelled')
      return sendOutcome(res, 409, { code: 'business-rule', diagnostics: 'The appointment is cancelled.' });
    if (refusal.refused === 'class_required')
      return sendOutcome(res, 422, {
        code: 'required',
        diagnostics: 'An appointment type is required.',
        expression: ['Appointment.appointmentType'],
      });
    sendOutcome(res, 422, {
      code: 'invalid',
      diagnostics: refusal.text,
      expression: [FHIR_PATH[refusal.field] ?? 'Appointment'],
    });
  }
}
