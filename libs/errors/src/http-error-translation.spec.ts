import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ConflictError } from './domain-error';
import { translateError } from './http-error-translation';

describe('translateError', () => {
  it('passes domain errors through unchanged', () => {
    const error = new ConflictError('scheduling.slot_taken', 'taken');
    expect(translateError(error)).toBe(error);
  });

  it('turns an exhausted connection pool into 503 service.database_busy, not a 500', () => {
    const error = translateError(new Error('timeout exceeded when trying to connect'));
    expect(error).toMatchObject({ kind: 'unavailable', code: 'service.database_busy' });
  });

  it('names malformed JSON request.malformed_json without echoing the parser text', () => {
    const error = translateError(new BadRequestException(`Unexpected token '}' in JSON at position 5`));
    expect(error).toMatchObject({
      code: 'request.malformed_json',
      message: 'The request body is not valid JSON.',
    });
  });

  it("names JSON in another charset 415 and another refused body 400 request.unreadable_body, without the reader's text", () => {
    const charset = Object.assign(new Error('unsupported charset "LATIN1"'), {
      status: 415,
      expose: true,
      type: 'charset.unsupported',
    });
    expect(translateError(charset)).toMatchObject({ kind: 'unsupported_media_type' });
    const inflate = Object.assign(new Error('incorrect header check'), { status: 400, expose: true });
    expect(translateError(inflate)).toMatchObject({
      kind: 'invalid',
      code: 'request.unreadable_body',
      message: 'The request body could not be read.',
    });
  });

  it('gives unknown routes a stable code and hides other errors as internal', () => {
    expect(translateError(new NotFoundException()).code).toBe('http.not_found');
    expect(translateError(new Error('secret detail'))).toMatchObject({
      kind: 'internal',
      message: 'An unexpected error occurred.',
    });
  });
});
