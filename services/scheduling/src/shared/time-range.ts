import type { FieldError } from '@carebus/errors';
import { invalidTimeRange } from '../scheduling.errors';

// An explicit offset is required: without one, `new Date()` reads the text in the server's zone.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Half-open interval [start, end) between two instants, matching PostgreSQL's default `tstzrange`. */
export class TimeRange {
  // Epoch milliseconds: `Date` is mutable, so none is kept or handed out.
  readonly #start: number;
  readonly #end: number;

  constructor(start: Date, end: Date) {
    const errors: FieldError[] = [];
    if (!isValidDate(start)) errors.push({ field: 'start', message: 'start must be a valid date.' });
    if (!isValidDate(end)) errors.push({ field: 'end', message: 'end must be a valid date.' });
    if (errors.length === 0 && end.getTime() <= start.getTime()) {
      errors.push({ field: 'end', message: 'end must be after start.' });
    }
    if (errors.length > 0) throw invalidTimeRange(errors);
    this.#start = start.getTime();
    this.#end = end.getTime();
  }

  /** Both instants as ISO 8601 with an offset, e.g. `2026-01-01T10:00:00Z` or `…T11:00+01:00`. */
  static fromIso(start: string, end: string): TimeRange {
    const startDate = parseIsoInstant(start);
    const endDate = parseIsoInstant(end);
    const errors: FieldError[] = [];
    const hint = 'must be an ISO 8601 date-time with an offset, e.g. 2026-01-01T10:00:00Z.';
    if (startDate === undefined) errors.push({ field: 'start', message: `start ${hint}` });
    if (endDate === undefined) errors.push({ field: 'end', message: `end ${hint}` });
    if (startDate === undefined || endDate === undefined) throw invalidTimeRange(errors);
    return new TimeRange(startDate, endDate);
  }

  get start(): Date {
    return new Date(this.#start);
  }

  get end(): Date {
    return new Date(this.#end);
  }

  /** May be fractional when the instants are not on whole minutes. */
  get durationMinutes(): number {
    return (this.#end - this.#start) / 60_000;
  }

  /** True when the ranges share an instant; ranges that only touch (a.end = b.start) do not overlap. */
  overlaps(other: TimeRange): boolean {
    return this.#start < other.#end && other.#start < this.#end;
  }

  /** True when `other` lies entirely within this range (equal ranges contain each other). */
  contains(other: TimeRange): boolean {
    return this.#start <= other.#start && other.#end <= this.#end;
  }

  equals(other: TimeRange): boolean {
    return this.#start === other.#start && this.#end === other.#end;
  }

  /** A `tstzrange` literal, e.g. `[2026-01-01T10:00:00.000Z,2026-01-01T10:30:00.000Z)`. */
  toPostgresRange(): string {
    return `[${this.start.toISOString()},${this.end.toISOString()})`;
  }
}

function isValidDate(value: Date): boolean {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** Undefined unless the text is a real instant: V8 would roll 2026-02-30 over to 2 March. */
export function parseIsoInstant(text: string): Date | undefined {
  const match = ISO_INSTANT.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second = '0', offsetHours = '0', offsetMinutes = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const inRange =
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59;
  return inRange ? new Date(text) : undefined;
}
