import { DateTime } from 'luxon';

/** The local calendar day (in the clinic's zone) an instant falls on, as [start, end) instants. */
export function localDayBounds(instant: Date, timeZone: string): { start: Date; end: Date } {
  const day = DateTime.fromJSDate(instant, { zone: timeZone }).startOf('day');
  return { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate() };
}
