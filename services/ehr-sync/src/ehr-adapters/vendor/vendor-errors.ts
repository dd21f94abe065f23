import {
  badResponse,
  deauthorized,
  insertRefused,
  notFound,
  requestRefused,
  writeConflict,
  type EhrAdapterError,
} from '../ehr-adapter.errors';
import type { EhrResponse } from '../ehr-http';

/** The vendor's `{ errorCode, errorText }` answer as the adapter's typed error (its text is never kept). */
export function vendorError({ status, body }: EhrResponse): EhrAdapterError {
  const errorCode =
    typeof (body as { errorCode?: unknown } | undefined)?.errorCode === 'string'
      ? (body as { errorCode: string }).errorCode
      : undefined;
  const details = { status, ...(errorCode ? { ehrCode: errorCode } : {}) };
  if (status === 401) return deauthorized(details);
  if (status === 404) return notFound(details);
  if (status === 409 && errorCode === 'REVISION_CONFLICT') return writeConflict(details);
  if (status === 422 && errorCode === 'APPOINTMENT_CLASS_REQUIRED') return insertRefused(details);
  if (status >= 400 && status < 500) return requestRefused(details);
  return badResponse(`status ${status}`, details);
}
