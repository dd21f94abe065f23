import { Backoff } from './backoff';

describe('Backoff', () => {
  it('grows from the base to the cap with jitter and starts over after reset', () => {
    const top = new Backoff(100, 1_000, () => 1);
    expect([top.next(), top.next(), top.next(), top.next(), top.next()]).toEqual([100, 200, 400, 800, 1_000]);
    top.reset();
    expect(top.next()).toBe(100);
    expect(new Backoff(100, 1_000, () => 0).next()).toBe(50);
  });
});
