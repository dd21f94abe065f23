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

interface Issue {
  code?: unknown;
  expression?: unknown;
  details?: { coding?: { code?: unknown }[] };
}

/** A FHIR server's 4xx (an OperationOutcome) as the adapter's typed error. */
export function fhirError({ status, body }: EhrResponse): EhrAdapterError {
  const issue = firstIssue(body);
  const code = typeof issue?.code === 'string' ? issue.code : undefined;
  const detail = issue?.details?.coding?.[0]?.code;
  const ehrCode = typeof detail === 'string' ? `${code}:${detail}` : code;
  const details = { status, ...(ehrCode ? { ehrCode } : {}) };
  if (status === 401) return deauthorized(details);
  if (status === 404 || status === 410) return notFound(details);
  if (status === 409 || status === 412) return writeConflict(details);
  const expression = Array.isArray(issue?.expression) ? issue.expression : [];
  if (
    (status === 400 || status === 422) &&
    expression.includes('Appointment.appointmentType') &&
    code === 'required'
  ) {
    return insertRefused(details);
  }
  if (status >= 400 && status < 500) return requestRefused(details);
  return badResponse(`status ${status}`, details);
}

function firstIssue(body: unknown): Issue | null {
  if (typeof body !== 'object' || body === null) return null;
  const outcome = body as { resourceType?: unknown; issue?: unknown };
  if (outcome.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return null;
  const issue: unknown = outcome.issue[0];
  return typeof issue === 'object' && issue !== null ? (issue as Issue) : null;
}
