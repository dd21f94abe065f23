import {
  ConflictError,
  DomainError,
  NotFoundError,
  UnprocessableError,
  ValidationError,
} from './domain-error';
import { ON_EVENT_FAILURE } from './error-kinds';
import { isRetryable } from './event-failure';

describe('isRetryable', () => {
  it('dead-letters an event the handler refused as invalid or unprocessable', () => {
    expect(isRetryable(new ValidationError([]))).toBe(false);
    expect(isRetryable(new UnprocessableError('x.bad', 'bad'))).toBe(false);
  });

  it('retries a reference not there yet, a conflict, and anything outside the DomainError family', () => {
    expect(isRetryable(new NotFoundError('x.missing', 'missing'))).toBe(true);
    expect(isRetryable(new ConflictError('x.busy', 'busy'))).toBe(true);
    expect(isRetryable(new Error('connection reset'))).toBe(true);
    expect(isRetryable(undefined)).toBe(true);
  });

  it('follows the one table for every kind', () => {
    for (const [kind, action] of Object.entries(ON_EVENT_FAILURE)) {
      const error = new DomainError(kind as keyof typeof ON_EVENT_FAILURE, 'x.y', 'z');
      expect(isRetryable(error)).toBe(action === 'retry');
    }
  });
});
