/** Time is injected so windows (video start, notice, reminders, leases) are testable without sleeping. */
export interface Clock {
  now(): Date;
}

/** The injection token of the service's Clock (PlatformModule provides the system clock). */
export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };
