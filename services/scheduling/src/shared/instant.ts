import { ValidationError } from '@carebus/errors';
import { parseIsoInstant } from './time-range';

/** An ISO 8601 instant with an explicit offset, or `validation.failed` naming the field. */
export function parseInstant(field: string, text: string): Date {
  const date = parseIsoInstant(text);
  if (date === undefined) {
    throw new ValidationError([
      { field, message: `${field} must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T10:00:00Z` },
    ]);
  }
  return date;
}
