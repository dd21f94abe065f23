import { createHash, randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new code: 16 characters (80 random bits) in four groups, e.g. `K7QF-2M9D-XR4T-8WPA`. */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The code as typed: case, dashes and spaces do not matter; the look-alikes O, I, L read as 0, 1, 1. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** What is stored: the SHA-256 of the normalised code (80 random bits need no slow hash). */
export function enrolmentCodeHash(code: string): Buffer {
  return createHash('sha256').update(normaliseEnrolmentCode(code)).digest();
}
