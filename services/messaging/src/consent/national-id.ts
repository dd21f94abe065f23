/**
 * What a Norwegian national identity number is, told from its eleven digits: a birth number
 * (fødselsnummer), a D-number (day + 40, for people without a birth number), an H-number (month
 * + 40, a temporary help number the portal does not accept) or not a number that was ever issued
 * (wrong length, a failed mod-11 check digit, no real date). The number itself is never kept in
 * clear; this only classifies it.
 */
export type NationalIdKind = 'birth_number' | 'd_number' | 'h_number' | 'invalid';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  const remainder = weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0) % 11;
  if (remainder === 1) return undefined;
  return remainder === 0 ? 0 : 11 - remainder;
}

/** True when both mod-11 check digits match. */
export function passesMod11(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const digits = [...value].map(Number);
  const k1 = checkDigit(digits.slice(0, 9), K1_WEIGHTS);
  if (k1 === undefined || k1 !== digits[9]) return false;
  const k2 = checkDigit(digits.slice(0, 10), K2_WEIGHTS);
  return k2 !== undefined && k2 === digits[10];
}

function isRealDayOfMonth(day: number, month: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // 29 February exists in some century for any two-digit year; the individual number decides
  // the century, and a leap-year check across all of them would only ever allow it.
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

export function classifyNationalId(raw: string): NationalIdKind {
  const value = raw.trim();
  if (!passesMod11(value)) return 'invalid';
  const day = Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  if (day > 40 && isRealDayOfMonth(day - 40, month)) return 'd_number';
  if (month > 40 && isRealDayOfMonth(day, month - 40)) return 'h_number';
  if (isRealDayOfMonth(day, month)) return 'birth_number';
  return 'invalid';
}
