import { retryDelayMs } from './retry-backoff';

describe('portal retry backoff', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles the ceiling per attempt up to the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => retryDelayMs(n, policy, 0, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('spreads delays over the whole range (full jitter)', () => {
    expect(retryDelayMs(3, policy, 0, () => 0)).toBe(0);
    expect(retryDelayMs(3, policy, 0, () => 0.5)).toBe(2_000);
    const seen = new Set(Array.from({ length: 200 }, () => retryDelayMs(6, policy)));
    expect(seen.size).toBeGreaterThan(50);
    for (const d of seen) expect(d).toBeLessThanOrEqual(32_000);
  });

  it("never waits less than the portal's Retry-After", () => {
    expect(retryDelayMs(1, policy, 7_000, () => 0.1)).toBe(7_000);
  });
});
