import { ValidationError } from '@carebus/errors';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key of a booking, REST header or gRPC field: 1–200 visible ASCII characters. */
export function checkIdempotencyKey(field: string, key: string | undefined): string | undefined {
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([{ field, message: 'must be 1–200 visible ASCII characters' }]);
  }
  return key;
}
