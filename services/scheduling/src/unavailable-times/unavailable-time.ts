import { ValidationError } from '@carebus/errors';
import { TimeRange } from '../shared/time-range';

export const UNAVAILABLE_KINDS = ['break', 'absence', 'unavailable_class'] as const;
export type UnavailableKind = (typeof UNAVAILABLE_KINDS)[number];

/** Time a calendar cannot be booked: [start, end), from the clinic or imported from its EHR. */
export interface UnavailablePeriod {
  id: string;
  calendarId: string;
  start: Date;
  end: Date;
  kind: UnavailableKind;
  reason: string;
  source: 'clinic' | 'ehr_import';
  createdAt: Date;
}

export interface UnavailableInput {
  during: TimeRange;
  kind: UnavailableKind;
  reason: string;
}

/** A list's period is `?from&to`; TimeRange names its fields start and end, so errors are renamed. */
export function listPeriod(from: string | undefined, to: string | undefined): TimeRange {
  if (from === undefined || to === undefined) {
    const missing = (['from', 'to'] as const).filter((field) => (field === 'from' ? from : to) === undefined);
    throw new ValidationError(missing.map((field) => ({ field, message: `${field} is required` })));
  }
  try {
    return TimeRange.fromIso(from, to);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const rename = (field: string) => (field === 'start' ? 'from' : field === 'end' ? 'to' : field);
    const errors = error.errors.map((e) => ({ field: rename(e.field), message: e.message }));
    throw new ValidationError(errors, error.code, error.message);
  }
}
