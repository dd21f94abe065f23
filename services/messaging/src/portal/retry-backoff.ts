/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1): exponential from `baseMs`,
 * capped at `maxMs`, with full jitter so a queue that failed together does not retry together;
 * never less than the portal's Retry-After.
 */
export function retryDelayMs(
  attempt: number,
  policy: { baseMs: number; maxMs: number },
  retryAfterMs = 0,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.max(retryAfterMs, Math.round(random() * ceiling));
}
