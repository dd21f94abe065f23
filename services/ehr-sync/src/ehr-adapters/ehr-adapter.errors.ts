import { DomainError, type ErrorKind } from '@carebus/errors';

/**
 * What went wrong talking to an EHR, as stable codes. Messages are ours, never the EHR's text
 * (which may quote patient data); `ehrCode` carries the EHR's own error code when it gave one.
 */
export const EHR_ADAPTER_CODES = {
  credentialsRejected: 'ehrsync.ehr_credentials_rejected',
  deauthorized: 'ehrsync.ehr_deauthorized',
  rateLimited: 'ehrsync.ehr_rate_limited',
  unavailable: 'ehrsync.ehr_unavailable',
  insertRefused: 'ehrsync.ehr_insert_refused',
  badResponse: 'ehrsync.ehr_bad_response',
  notFound: 'ehrsync.ehr_record_not_found',
  writeConflict: 'ehrsync.ehr_write_conflict',
  requestRefused: 'ehrsync.ehr_request_refused',
} as const;

export type EhrAdapterCode = (typeof EHR_ADAPTER_CODES)[keyof typeof EHR_ADAPTER_CODES];

export interface EhrErrorDetails {
  /** HTTP status the EHR answered, when it answered. */
  status?: number;
  /** The EHR's own error code (vendor `errorCode`, FHIR issue code). */
  ehrCode?: string;
}

export class EhrAdapterError extends DomainError {
  constructor(
    kind: ErrorKind,
    code: EhrAdapterCode,
    message: string,
    readonly details: EhrErrorDetails & { retryAfterMs?: number | null } = {},
    options?: { cause?: unknown },
  ) {
    super(kind, code, message, { ...details }, options);
  }

  /** Milliseconds the EHR asked us to wait (`Retry-After`), for rate-limited errors; null when it did not say. */
  get retryAfterMs(): number | null {
    return this.details.retryAfterMs ?? null;
  }
}

const C = EHR_ADAPTER_CODES;

export const credentialsRejected = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError('unprocessable', C.credentialsRejected, 'The EHR rejected the credentials.', d);

export const deauthorized = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError(
    'unprocessable',
    C.deauthorized,
    'The EHR withdrew the authorisation; authenticate again.',
    d,
  );

export const rateLimited = (retryAfterMs: number | null, d: EhrErrorDetails = {}) =>
  new EhrAdapterError('rate_limited', C.rateLimited, 'The EHR asks us to slow down.', { ...d, retryAfterMs });

export const unavailable = (d: EhrErrorDetails = {}, cause?: unknown) =>
  new EhrAdapterError(
    'unavailable',
    C.unavailable,
    'The EHR is unreachable or failing.',
    d,
    cause ? { cause } : undefined,
  );

export const insertRefused = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError(
    'unprocessable',
    C.insertRefused,
    'The EHR refused the appointment without an appointment type.',
    d,
  );

/** `path` names where the answer broke its shape (a JSON path, never a value). */
export const badResponse = (path: string, d: EhrErrorDetails = {}) =>
  new EhrAdapterError('unavailable', C.badResponse, `The EHR answered in an unexpected shape at ${path}.`, d);

export const notFound = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError('not_found', C.notFound, 'The EHR has no such record.', d);

export const writeConflict = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError('conflict', C.writeConflict, "The EHR's copy changed since the version given.", d);

export const requestRefused = (d: EhrErrorDetails = {}) =>
  new EhrAdapterError('unprocessable', C.requestRefused, 'The EHR refused the request.', d);
