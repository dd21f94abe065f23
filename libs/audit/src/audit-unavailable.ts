import { DomainError } from '@carebus/errors';

/**
 * The audit trail could not be written, so the access it records must not happen: the request
 * fails with 503 (retryable) instead of going on unrecorded.
 */
export function auditUnavailable(cause: unknown): DomainError {
  return new DomainError(
    'unavailable',
    'audit.unavailable',
    'The audit trail cannot be written right now; the request was not carried out. Try again later.',
    {},
    { cause },
  );
}
