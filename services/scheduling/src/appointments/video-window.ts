const MINUTE_MS = 60_000;

/** How early before the start, and how late after it, a patient may start a video appointment. */
export const VIDEO_OPENS_BEFORE_MINUTES = 10;
export const VIDEO_CLOSES_AFTER_MINUTES = 120;

/** The closed window [start − 10 min, start + 2 h] in which the patient may start the call. */
export function videoWindow(start: Date): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(start.getTime() - VIDEO_OPENS_BEFORE_MINUTES * MINUTE_MS),
    closesAt: new Date(start.getTime() + VIDEO_CLOSES_AFTER_MINUTES * MINUTE_MS),
  };
}
