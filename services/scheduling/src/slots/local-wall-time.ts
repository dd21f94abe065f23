import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Minutes after local midnight for 'HH:mm' (00:00–23:59), or undefined when malformed. */
export function parseWallTime(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * The instant (epoch ms) a local wall-clock time on `isoDate` stands for: the FIRST instant at which
 * the clinic's clock shows that time or later. So a time inside a spring-forward gap (02:30 in
 * Europe/Oslo) becomes the moment the clocks jump (03:00 CEST), and a fall-back time that happens
 * twice becomes its first occurrence (summer time). The mapping never decreases, so blocks that do
 * not overlap on the wall clock never overlap in real time.
 */
export function wallTimeToInstant(zone: IANAZone, isoDate: string, minuteOfDay: number): number {
  const wall = Date.parse(`${isoDate}T00:00:00Z`) + minuteOfDay * MINUTE_MS;
  const offsets = new Set([wall - DAY_MS, wall, wall + DAY_MS].map((t) => zone.offset(t)));
  const candidates = [...offsets].map((offset) => wall - offset * MINUTE_MS);
  const exact = candidates.filter((t) => wallClockAt(zone, t) === wall);
  if (exact.length > 0) return Math.min(...exact);

  // In a gap: the clock shows less than `wall` at `lo` and more at `hi`; find the jump.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockAt(zone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** What the clinic's clock shows at instant `t`, as epoch ms of that wall time read as UTC. */
function wallClockAt(zone: IANAZone, t: number): number {
  return t + zone.offset(t) * MINUTE_MS;
}
