import type { FieldError } from './domain-error';

/**
 * The fields of a request value whose strings or keys hold a NUL character (U+0000). PostgreSQL
 * stores no NUL in text or jsonb (SQLSTATE 22021/22P05), so such a value would fail as a 500 deep
 * in a repository; it is refused up front instead. Walks plain objects and arrays without
 * recursion (a body's depth is capped before this runs, a gRPC payload's by its schema); fields
 * are named as class-validator names them (`contact.email`, `tags.1`).
 */
export function nulCharacterErrors(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; field: string }[] = [{ value, field: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) errors.push(nulError(next.field || 'value'));
      continue;
    }
    if (!isWalkable(next.value)) continue;
    for (const [key, child] of Object.entries(next.value)) {
      const field = next.field ? `${next.field}.${printable(key)}` : printable(key);
      if (key.includes('\u0000')) errors.push(nulError(field));
      else pending.push({ value: child, field });
    }
  }
  return errors.reverse();
}

function nulError(field: string): FieldError {
  return { field, message: `${field} must not contain a NUL character` };
}

/** Arrays and plain objects (JSON, query strings, gRPC messages); not Buffers, Dates or class instances. */
function isWalkable(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A key as it may appear in a field name: a NUL in it shown as `\u0000`, never raw. */
function printable(key: string): string {
  return key.replaceAll('\u0000', '\\u0000');
}
