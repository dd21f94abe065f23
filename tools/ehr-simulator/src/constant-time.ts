import { timingSafeEqual } from 'node:crypto';

/** String comparison that takes the same time wherever the strings differ. */
export function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}
