import { DateTime } from 'luxon';

export interface QuietHours {
  timeZone: string;
  /** Minutes after local midnight; start > end means the quiet period spans midnight. */
  start: number;
  end: number;
}

/**
 * When an SMS/push due at `at` may go out: `at` itself outside quiet hours, else the end of the
 * quiet period in the clinic's time zone (DST-safe via luxon). Delayed, never dropped.
 */
export function releaseAfterQuietHours(at: Date, q: QuietHours): Date {
  if (q.start === q.end) return at;
  const local = DateTime.fromJSDate(at, { zone: q.timeZone });
  const minute = local.hour * 60 + local.minute;
  const spansMidnight = q.start > q.end;
  const quiet = spansMidnight ? minute >= q.start || minute < q.end : minute >= q.start && minute < q.end;
  if (!quiet) return at;
  const endToday = local.startOf('day').plus({ minutes: q.end });
  const end = spansMidnight && minute >= q.start ? endToday.plus({ days: 1 }) : endToday;
  // Rebuild from the calendar date so a DST change overnight still lands on the wall-clock end.
  return DateTime.fromObject(
    { year: end.year, month: end.month, day: end.day, hour: Math.floor(q.end / 60), minute: q.end % 60 },
    { zone: q.timeZone },
  ).toJSDate();
}
