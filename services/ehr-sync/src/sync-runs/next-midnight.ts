import { DateTime, IANAZone } from 'luxon';

/**
 * The first local midnight strictly after `now` in the clinic's time zone, as an instant. On a
 * day whose midnight does not exist (a DST jump at 00:00), the day's first existing minute.
 */
export function nextLocalMidnight(now: Date, timeZone: string): Date {
  const zone = IANAZone.isValidZone(timeZone) ? timeZone : 'UTC';
  const local = DateTime.fromJSDate(now, { zone });
  const next = local.startOf('day').plus({ days: 1 });
  return next.toJSDate();
}
