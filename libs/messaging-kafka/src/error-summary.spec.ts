import { ERROR_MESSAGE_LIMIT, summarizeError } from './error-summary';

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
