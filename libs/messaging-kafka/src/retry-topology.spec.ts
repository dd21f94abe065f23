import { RetryTopology } from './retry-topology';

describe('RetryTopology', () => {
  const topology = new RetryTopology('scheduling.appointment.v1', 'notifications', [1000, 10000]);

  it('names one retry topic per delay and the DLQ after the group', () => {
    expect(topology.consumedTopics).toEqual([
      'scheduling.appointment.v1',
      'scheduling.appointment.v1.notifications.retry.1',
      'scheduling.appointment.v1.notifications.retry.2',
    ]);
    expect(topology.deadLetterTopic).toBe('scheduling.appointment.v1.notifications.dlq');
  });

  it('numbers attempts: 1 on the source, n+1 on retry topic n', () => {
    expect(topology.attemptOn('scheduling.appointment.v1')).toBe(1);
    expect(topology.attemptOn('scheduling.appointment.v1.notifications.retry.2')).toBe(3);
    expect(() => topology.attemptOn('other.v1')).toThrow();
  });

  it('sends failures through the retry topics with their delays, then to the DLQ', () => {
    expect(topology.afterFailure(1, true)).toEqual({
      kind: 'retry',
      topic: 'scheduling.appointment.v1.notifications.retry.1',
      delayMs: 1000,
      attempt: 1,
    });
    expect(topology.afterFailure(2, true)).toMatchObject({ kind: 'retry', delayMs: 10000, attempt: 2 });
    expect(topology.afterFailure(3, true)).toEqual({
      kind: 'dead_letter',
      topic: 'scheduling.appointment.v1.notifications.dlq',
      attempt: 3,
    });
  });

  it('sends non-retryable failures to the DLQ at once', () => {
    expect(topology.afterFailure(1, false)).toMatchObject({ kind: 'dead_letter', attempt: 1 });
  });

  it('has no retry topics when there are no delays', () => {
    const direct = new RetryTopology('t.v1', 'g', []);
    expect(direct.retryTopics).toEqual([]);
    expect(direct.afterFailure(1, true)).toMatchObject({ kind: 'dead_letter' });
  });

  it('rejects negative delays', () => {
    expect(() => new RetryTopology('t.v1', 'g', [-1])).toThrow(RangeError);
  });
});
