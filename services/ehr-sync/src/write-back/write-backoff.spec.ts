import { nextDelayMs } from './write-backoff';

const policy = { baseMs: 1000, capMs: 60_000 };

describe('write backoff', () => {
  it('grows exponentially up to the cap, with the full range of jitter', () => {
    expect(nextDelayMs(policy, 0, null, () => 0.999)).toBe(999);
    expect(nextDelayMs(policy, 3, null, () => 0.999)).toBe(7992);
    expect(nextDelayMs(policy, 20, null, () => 0.5)).toBe(30_000);
    expect(nextDelayMs(policy, 3, null, () => 0)).toBe(0);
  });

  it('never retries sooner than Retry-After', () => {
    expect(nextDelayMs(policy, 0, 5000, () => 0.5)).toBe(5000);
    expect(nextDelayMs(policy, 10, 5000, () => 0.5)).toBe(30_000);
  });

  it('stays within [0, cap] for any attempt', () => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const d = nextDelayMs(policy, attempt, null);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(policy.capMs);
    }
  });
});
