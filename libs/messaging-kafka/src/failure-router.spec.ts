import type { KafkaMessage, Producer, ProducerRecord } from '@carebus/kafka';
import { UnprocessableError } from '@carebus/errors';
import { FAILURE_HEADERS } from './failure-headers';
import { FailureRouter } from './failure-router';
import { RetryTopology } from './retry-topology';

/** The in-memory producer double: records what would have been sent. */
function recordingProducer(): Producer & { sent: ProducerRecord[] } {
  const sent: ProducerRecord[] = [];
  return { sent, send: async (record: ProducerRecord) => (sent.push(record), []) } as unknown as Producer & {
    sent: ProducerRecord[];
  };
}

const NOW = Date.parse('2026-03-01T08:00:00Z');

function message(offset: string, headers: KafkaMessage['headers']): KafkaMessage {
  return {
    key: Buffer.from('appointment-1'),
    value: Buffer.from([1, 2, 3]),
    headers,
    offset,
    timestamp: String(NOW),
    attributes: 0,
  } as KafkaMessage;
}

describe('FailureRouter', () => {
  const topology = new RetryTopology('scheduling.appointment.v1', 'notifications', [1000, 10000]);

  it('moves a first failure to retry topic 1 with the failure headers and a not-before', async () => {
    const producer = recordingProducer();
    const router = new FailureRouter(producer, topology, () => NOW);

    const hop = await router.route(
      message('41', { ce_id: Buffer.from('event-1') }),
      { topic: 'scheduling.appointment.v1', partition: 2, attempt: 1 },
      Object.assign(new Error('smtp down'), { code: 'notifications.smtp_unavailable' }),
    );

    expect(hop).toMatchObject({ kind: 'retry', topic: 'scheduling.appointment.v1.notifications.retry.1' });
    const [record] = producer.sent;
    expect(record).toMatchObject({ topic: 'scheduling.appointment.v1.notifications.retry.1', acks: -1 });
    expect(record!.messages[0]!.key).toEqual(Buffer.from('appointment-1'));
    expect(record!.messages[0]!.value).toEqual(Buffer.from([1, 2, 3]));
    expect(record!.messages[0]!.headers).toEqual({
      ce_id: Buffer.from('event-1'),
      [FAILURE_HEADERS.errorCode]: 'notifications.smtp_unavailable',
      [FAILURE_HEADERS.errorMessage]: 'smtp down',
      [FAILURE_HEADERS.retryable]: 'true',
      [FAILURE_HEADERS.originalTopic]: 'scheduling.appointment.v1',
      [FAILURE_HEADERS.originalPartition]: '2',
      [FAILURE_HEADERS.originalOffset]: '41',
      [FAILURE_HEADERS.attempt]: '1',
      [FAILURE_HEADERS.group]: 'notifications',
      [FAILURE_HEADERS.failedAt]: '2026-03-01T08:00:00.000Z',
      [FAILURE_HEADERS.notBefore]: String(NOW + 1000),
    });
  });

  it('keeps the original location and replaces old failure headers on the last hop to the DLQ', async () => {
    const producer = recordingProducer();
    const router = new FailureRouter(producer, topology, () => NOW);
    const fromRetry2 = message('7', {
      ce_id: Buffer.from('event-1'),
      [FAILURE_HEADERS.originalTopic]: Buffer.from('scheduling.appointment.v1'),
      [FAILURE_HEADERS.originalPartition]: Buffer.from('2'),
      [FAILURE_HEADERS.originalOffset]: Buffer.from('41'),
      [FAILURE_HEADERS.attempt]: Buffer.from('2'),
      [FAILURE_HEADERS.notBefore]: Buffer.from('1'),
    });

    const hop = await router.route(
      fromRetry2,
      { topic: 'scheduling.appointment.v1.notifications.retry.2', partition: 0, attempt: 3 },
      new Error('still down'),
    );

    expect(hop).toMatchObject({ kind: 'dead_letter', topic: 'scheduling.appointment.v1.notifications.dlq' });
    const headers = producer.sent[0]!.messages[0]!.headers!;
    expect(headers).toMatchObject({
      [FAILURE_HEADERS.originalPartition]: '2',
      [FAILURE_HEADERS.originalOffset]: '41',
      [FAILURE_HEADERS.attempt]: '3',
      [FAILURE_HEADERS.errorCode]: 'handler.failed',
    });
    expect(headers[FAILURE_HEADERS.notBefore]).toBeUndefined();
  });

  it('sends a non-retryable error to the DLQ on the first attempt', async () => {
    const producer = recordingProducer();
    const router = new FailureRouter(producer, topology, () => NOW);

    await router.route(
      message('0', {}),
      { topic: 'scheduling.appointment.v1', partition: 0, attempt: 1 },
      new UnprocessableError('test.bad', 'bad'),
    );

    expect(producer.sent[0]!.topic).toBe('scheduling.appointment.v1.notifications.dlq');
    expect(producer.sent[0]!.messages[0]!.headers).toMatchObject({
      [FAILURE_HEADERS.retryable]: 'false',
      [FAILURE_HEADERS.attempt]: '1',
    });
  });
});
