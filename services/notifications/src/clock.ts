/** Time source of the service; tests inject a manual one so reminder windows need no sleeping. */
export interface Clock {
  now(): Date;
}

export const CLOCK = 'NOTIFICATIONS_CLOCK';

export const systemClock: Clock = { now: () => new Date() };
