import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('ends a wait early when fired', async () => {
    const signal = new WakeSignal();
    const started = Date.now();
    const waiting = signal.wait(10_000);
    signal.fire();
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('remembers a fire that came while nobody waited', async () => {
    const signal = new WakeSignal();
    signal.fire();
    const started = Date.now();
    await signal.wait(10_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('times out when not fired', async () => {
    const signal = new WakeSignal();
    const started = Date.now();
    await signal.wait(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
