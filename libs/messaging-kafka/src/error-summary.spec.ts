import { ValidationError } from '@carebus/errors';
import { ERROR_MESSAGE_LIMIT, summarizeError } from './error-summary';
import { isRetryable, NonRetryableError } from './non-retryable-error';

describe('summarizeError', () => {
  it('prefers the stable code, then a specific error name', () => {
    expect(summarizeError(Object.assign(new Error('x'), { code: 'ehr.unavailable' })).code).toBe(
      'ehr.unavailable',
    );
    expect(summarizeError(new TypeError('x')).code).toBe('TypeError');
    expect(summarizeError(new Error('x')).code).toBe('handler.failed');
    expect(summarizeError('thrown string')).toEqual({ code: 'handler.failed', message: 'thrown string' });
  });

  it('keeps the message on one bounded line', () => {
    const { message } = summarizeError(new Error(`line one\nline two ${'x'.repeat(1000)}`));
    expect(message.startsWith('line one line two')).toBe(true);
    expect(message).toHaveLength(ERROR_MESSAGE_LIMIT);
  });
});

describe('isRetryable', () => {
  it('is false for errors marked retryable = false and for invalid-input domain errors', () => {
    expect(isRetryable(new NonRetryableError('no'))).toBe(false);
    expect(isRetryable(Object.assign(new Error('decode'), { retryable: false }))).toBe(false);
    expect(isRetryable(new ValidationError([]))).toBe(false);
  });

  it('is true for anything else', () => {
    expect(isRetryable(new Error('connection reset'))).toBe(true);
    expect(isRetryable(undefined)).toBe(true);
  });
});
