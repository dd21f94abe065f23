import { DomainError } from './domain-error';
import { ON_EVENT_FAILURE } from './error-kinds';

/**
 * Whether waiting and trying again could help an event whose handling failed with `error`: its
 * kind decides for a DomainError (ON_EVENT_FAILURE); anything else (a dropped connection, a bug)
 * is retried.
 */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof DomainError) || ON_EVENT_FAILURE[error.kind] === 'retry';
}
