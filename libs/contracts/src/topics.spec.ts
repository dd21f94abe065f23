import { deadLetterTopic, retryTopic, TOPICS } from './topics';

describe('topic names', () => {
  it('names retry topics per topic, consumer group and attempt', () => {
    expect(retryTopic(TOPICS.schedulingAppointment, 'notifications', 1)).toBe(
      'scheduling.appointment.v1.notifications.retry.1',
    );
    expect(retryTopic('ehrsync.alert.v1', 'notifications-alerts', 3)).toBe(
      'ehrsync.alert.v1.notifications-alerts.retry.3',
    );
  });

  it('names the dead-letter topic per topic and consumer group', () => {
    expect(deadLetterTopic(TOPICS.schedulingAppointment, 'ehr-sync')).toBe(
      'scheduling.appointment.v1.ehr-sync.dlq',
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects retry attempt %p', (n) => {
    expect(() => retryTopic(TOPICS.schedulingAppointment, 'g', n)).toThrow(RangeError);
  });

  it('rejects names Kafka would refuse', () => {
    expect(() => deadLetterTopic(TOPICS.schedulingAppointment, 'my group')).toThrow(RangeError);
    expect(() => deadLetterTopic(TOPICS.schedulingAppointment, '')).toThrow(RangeError);
    expect(() => retryTopic('', 'g', 1)).toThrow(RangeError);
    expect(() => deadLetterTopic('t', 'g'.repeat(250))).toThrow(RangeError);
  });
});
