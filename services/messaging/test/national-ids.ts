import { randomInt } from 'node:crypto';
import { randomFodselsnummer } from '@carebus/testing';
import { passesMod11 } from '../src/consent/national-id';

function withCheckDigits(nine: string): string | undefined {
  for (let k1 = 0; k1 <= 9; k1++) {
    for (let k2 = 0; k2 <= 9; k2++) {
      if (passesMod11(`${nine}${k1}${k2}`)) return `${nine}${k1}${k2}`;
    }
  }
  return undefined;
}

/** A number of the given day and month fields that passes mod-11 (a random individual number that fits). */
export function mod11NumberOf(day: number, month: number): string {
  for (;;) {
    const year = String(50 + randomInt(50));
    const nine = `${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${year}${String(randomInt(500)).padStart(3, '0')}`;
    const full = withCheckDigits(nine);
    if (full) return full;
  }
}

/** Test numbers of each kind: random, so no two tests share one. */
export const nationalIds = {
  birthNumber: () => randomFodselsnummer(),
  dNumber: () => mod11NumberOf(41 + randomInt(28), 1 + randomInt(12)),
  hNumber: () => mod11NumberOf(1 + randomInt(28), 41 + randomInt(12)),
  /** A birth number with its last check digit changed. */
  failsMod11: () => {
    const good = randomFodselsnummer();
    return `${good.slice(0, 10)}${(Number(good[10]) + 1) % 10}`;
  },
};
