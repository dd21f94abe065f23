const HOUR = 3600_000;

/**
 * The reminder rule (docs/notifications.md): due 48 h before the start, or at once when booked
 * between 48 h and 24 h ahead; none when booked less than 24 h ahead (the confirmation carries
 * the time). A reminder held back by an outage or quiet hours is still sent until 2 h before the
 * start, then suppressed as expired.
 */
export function reminderSchedule(start: Date, now: Date): { dueAt: Date; expiresAt: Date } | null {
  const ahead = start.getTime() - now.getTime();
  if (ahead < 24 * HOUR) return null;
  const dueAt = new Date(Math.max(now.getTime(), start.getTime() - 48 * HOUR));
  return { dueAt, expiresAt: new Date(start.getTime() - 2 * HOUR) };
}
