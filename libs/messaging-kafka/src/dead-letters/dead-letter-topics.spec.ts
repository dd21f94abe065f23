import { deadLetterTopicsMatching } from './dead-letter-topics';

describe('deadLetterTopicsMatching', () => {
  const topics = [
    'scheduling.appointment.v1',
    'scheduling.appointment.v1.notifications.retry.1',
    'scheduling.appointment.v1.notifications.dlq',
    'scheduling.appointment.v1.ehr-sync.dlq',
    'ehrsync.alert.v1.notifications.dlq',
  ];

  it('finds every DLQ without a filter', () => {
    expect(deadLetterTopicsMatching(topics, {})).toEqual([
      'scheduling.appointment.v1.notifications.dlq',
      'scheduling.appointment.v1.ehr-sync.dlq',
      'ehrsync.alert.v1.notifications.dlq',
    ]);
  });

  it('narrows by original topic, by group, or both', () => {
    expect(deadLetterTopicsMatching(topics, { topic: 'scheduling.appointment.v1' })).toHaveLength(2);
    expect(deadLetterTopicsMatching(topics, { group: 'notifications' })).toEqual([
      'scheduling.appointment.v1.notifications.dlq',
      'ehrsync.alert.v1.notifications.dlq',
    ]);
    expect(
      deadLetterTopicsMatching(topics, { topic: 'scheduling.appointment.v1', group: 'ehr-sync' }),
    ).toEqual(['scheduling.appointment.v1.ehr-sync.dlq']);
  });
});
