/** How long a write waits before its next attempt. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * Exponential backoff with full jitter (a uniform pick in [0, min(cap, base·2^attempt)]), so the
 * writes of many clinics do not retry in step when an EHR comes back; never sooner than the
 * EHR's `Retry-After`. `random` is [0, 1), injected for tests.
 */
export function nextDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
