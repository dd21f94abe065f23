import { DomainError } from '@carebus/errors';

/**
 * Thrown by a handler when the event can never succeed (invalid content, a state that will not
 * change by waiting): the runner sends it to the dead-letter topic at once instead of retrying.
 */
export class NonRetryableError extends Error {
  readonly retryable = false;

  constructor(
    message: string,
    /** Stable code carried in the `carebus-error-code` header. */
    readonly code = 'handler.non_retryable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Whether waiting and trying again could help. Anything marked `retryable = false` (decode errors
 * from @carebus/contracts, NonRetryableError) and invalid-input domain errors go to the DLQ at once.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false) {
    return false;
  }
  return !(error instanceof DomainError && error.kind === 'invalid');
}
