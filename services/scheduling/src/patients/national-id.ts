import { invalidNationalId, unsupportedNationalId } from '../scheduling.errors';

/** `fnr`: fødselsnummer. `dnr`: D-number, issued to people without a fødselsnummer. */
export type NationalIdKind = 'fnr' | 'dnr';

// Messages name what is wrong, never the number: they reach logs and problem+json bodies.
export const NATIONAL_ID_MESSAGES = {
  format: 'A national identity number must be exactly 11 digits.',
  checkDigits: 'The check digits do not match; the number is probably mistyped.',
  hNumber: 'H-numbers are not supported; use a fødselsnummer or a D-number.',
  century: 'The individual number does not match any century for this birth year.',
  birthDate: 'The birth date in the number is not a real calendar date.',
} as const;

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/**
 * A Norwegian fødselsnummer or D-number (DDMMYYIIIKK), validated on construction: 11 digits,
 * both mod-11 check digits, a derivable century and a real calendar birth date.
 * Strict on purpose: synthetic test numbers (month + 40 or + 80) are rejected.
 */
export class NationalId {
  // Private field so the raw number stays out of JSON.stringify/pino output by accident.
  readonly #value: string;
  readonly kind: NationalIdKind;
  /** 'YYYY-MM-DD'. */
  readonly birthDate: string;

  constructor(raw: string) {
    const value = raw.trim();
    if (!/^\d{11}$/.test(value)) throw invalidNationalId(NATIONAL_ID_MESSAGES.format);

    const digits = [...value].map(Number);
    if (checkDigit(digits, K1_WEIGHTS) !== digits[9] || checkDigit(digits, K2_WEIGHTS) !== digits[10]) {
      throw invalidNationalId(NATIONAL_ID_MESSAGES.checkDigits);
    }

    const dayField = Number(value.slice(0, 2));
    const monthField = Number(value.slice(2, 4));
    const yy = Number(value.slice(4, 6));
    const individual = Number(value.slice(6, 9));

    // H-numbers (month + 40) are health-sector assistance numbers; out of scope for booking.
    if (monthField >= 41 && monthField <= 52) {
      throw unsupportedNationalId(NATIONAL_ID_MESSAGES.hNumber);
    }

    const kind: NationalIdKind = dayField >= 41 && dayField <= 71 ? 'dnr' : 'fnr';
    const day = kind === 'dnr' ? dayField - 40 : dayField;
    const year = birthYear(yy, individual);
    if (year === undefined) throw invalidNationalId(NATIONAL_ID_MESSAGES.century);
    if (!isCalendarDate(year, monthField, day)) throw invalidNationalId(NATIONAL_ID_MESSAGES.birthDate);

    this.#value = value;
    this.kind = kind;
    this.birthDate = `${year}-${pad2(monthField)}-${pad2(day)}`;
  }

  static parse(raw: string): NationalId {
    return new NationalId(raw);
  }

  /** The full 11 digits. Patient data: store it, never log it. */
  get value(): string {
    return this.#value;
  }

  /** Date part only, e.g. `010190*****`, for logs and screens that need a hint, not the number. */
  masked(): string {
    return `${this.#value.slice(0, 6)}*****`;
  }

  equals(other: NationalId): boolean {
    return this.#value === other.#value;
  }

  // String interpolation and JSON serialisation get the masked form; callers ask for `value` explicitly.
  toString(): string {
    return this.masked();
  }

  toJSON(): string {
    return this.masked();
  }
}

/** Mod-11 check digit over the first `weights.length` digits; undefined when remainder 1 (no digit fits). */
function checkDigit(digits: readonly number[], weights: readonly number[]): number | undefined {
  const remainder = weights.reduce((sum, weight, i) => sum + weight * digits[i], 0) % 11;
  if (remainder === 1) return undefined;
  return remainder === 0 ? 0 : 11 - remainder;
}

/** Century from the individual-number ranges; combinations outside them were never issued. */
function birthYear(yy: number, individual: number): number | undefined {
  if (individual <= 499) return 1900 + yy;
  if (individual <= 749 && yy >= 54) return 1800 + yy;
  if (yy <= 39) return 2000 + yy;
  if (individual >= 900) return 1900 + yy;
  return undefined;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
