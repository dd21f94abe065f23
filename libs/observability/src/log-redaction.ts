import { describeError } from '@carebus/errors';

/**
 * Fields an error or a request carries that may quote patient data: TypeORM's QueryFailedError
 * copies the statement (`query`), its `parameters` and every field of pg's error (`detail`:
 * `Key (national_id)=(…) already exists`, `where`, `driverError`); body-parser keeps the raw
 * `body` on its errors. The `err` serializer already logs only describeError's fields; these
 * paths are the backstop for an error logged under another key or nested one level down.
 */
const UNSAFE_FIELDS = ['query', 'parameters', 'detail', 'driverError', 'where', 'body'] as const;

export const REDACTED_PATHS: readonly string[] = [
  'req.headers',
  'res.headers',
  '*.password',
  '*.token',
  ...UNSAFE_FIELDS.flatMap((field) => [field, `*.${field}`, `err.cause.${field}`]),
];

/**
 * pino's `err` serializer: class, code, SQLSTATE, constraint and our stack frames, whatever was
 * logged as `err` (an Error, pino's serialized copy of one, a description made already).
 */
export const errSerializer = (err: unknown): unknown => describeError(err);
