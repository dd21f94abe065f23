import { RetryGate } from './retry-gate';

describe('RetryGate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pauses the partition and resumes it when the head message is due', () => {
    const gate = new RetryGate();
    const resume = jest.fn();
    const pause = jest.fn(() => resume);

    gate.hold('t.g.retry.1', 0, 1_500, pause, 1_000);
    expect(pause).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(499);
    expect(resume).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(resume).toHaveBeenCalledTimes(1);
    expect(gate.held).toBe(0);
  });

  it('replaces the timer when the same partition is held again', () => {
    const gate = new RetryGate();
    const first = jest.fn();
    const second = jest.fn();

    gate.hold('t.g.retry.1', 0, 2_000, () => first, 1_000);
    gate.hold('t.g.retry.1', 0, 1_200, () => second, 1_000);
    jest.advanceTimersByTime(1_000);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('resumes nothing after clear', () => {
    const gate = new RetryGate();
    const resume = jest.fn();
    gate.hold('t.g.retry.1', 1, 2_000, () => resume, 1_000);

    gate.clear();
    jest.advanceTimersByTime(5_000);
    expect(resume).not.toHaveBeenCalled();
  });
});
