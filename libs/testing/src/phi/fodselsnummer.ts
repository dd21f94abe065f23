import { randomInt } from 'node:crypto';

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/** Mod-11 check digit; undefined when no digit fits (the number was never issued). */
function checkDigit(digits: number[], weights: number[]): number | undefined {
  const remainder = weights.reduce((sum, weight, i) => sum + weight * digits[i]!, 0) % 11;
  if (remainder === 1) return undefined;
  return remainder === 0 ? 0 : 11 - remainder;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A random fødselsnummer that passes full validation (both check digits, a real birth date in
 * 1950–1999, individual number 000–499): services that validate national ids accept it, so a
 * canary patient can carry one. Not a synthetic test number: those are rejected on purpose.
 */
export function randomFodselsnummer(): string {
  for (;;) {
    const year = 50 + randomInt(50);
    const base = `${pad2(1 + randomInt(28))}${pad2(1 + randomInt(12))}${pad2(year)}${String(randomInt(500)).padStart(3, '0')}`;
    const digits = [...base].map(Number);
    const k1 = checkDigit(digits, K1_WEIGHTS);
    if (k1 === undefined) continue;
    const k2 = checkDigit([...digits, k1], K2_WEIGHTS);
    if (k2 === undefined) continue;
    return `${base}${k1}${k2}`;
  }
}
