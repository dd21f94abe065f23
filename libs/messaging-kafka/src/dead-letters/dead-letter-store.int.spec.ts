import { Partitioners, type Kafka, type Producer } from '@carebus/kafka';
import { createTopics, newClinicId, newTopicSuffix, testKafka } from '@carebus/testing';
import { deadLetterRecord } from '../testing/dead-letter-records';
import { DeadLetterStore } from './dead-letter-store';

const MINUTE = 60_000;

describe('DeadLetterStore', () => {
  let kafka: Kafka;
  let producer: Producer;
  let store: DeadLetterStore;

  beforeAll(async () => {
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    store = new DeadLetterStore(kafka);
  });

  afterAll(async () => {
    await store.close();
    await producer.disconnect();
  });

  /** A DLQ of a fresh topic and group, with one dead letter per minute ending `now`. */
  async function deadLetters(count: number, now = Date.now()) {
    const suffix = newTopicSuffix();
    const topic = `testing.sequence.${suffix}`;
    const group = `store-${suffix}`;
    const dlqTopic = `${topic}.${group}.dlq`;
    await createTopics(kafka, [dlqTopic], 2);
    const clinicId = newClinicId();
    const records = Array.from({ length: count }, (_, i) =>
      deadLetterRecord({
        topic,
        group,
        clinicId,
        aggregateId: `a${i}`,
        at: now - (count - 1 - i) * MINUTE,
        originalOffset: String(i),
      }),
    );
    for (const record of records) await producer.send({ topic: dlqTopic, messages: [record] });
    return { topic, group, dlqTopic, records, times: records.map((r) => Number(r.timestamp)) };
  }

  it('lists dead letters oldest first with their failure details and no payload', async () => {
    const { topic, group, dlqTopic, records } = await deadLetters(4);

    const letters = await store.list({ topic });
    expect(letters.map((l) => l.key)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(letters[0]).toMatchObject({
      dlqTopic,
      originalTopic: topic,
      originalOffset: '0',
      group,
      attempt: 1,
      errorCode: 'test.rejected',
      errorMessage: 'rejected by the test',
      retryable: false,
      eventId: (records[0]!.headers as Record<string, string>).ce_id,
      payloadBytes: (records[0]!.value as Buffer).length,
    });
    expect(letters[0]).not.toHaveProperty('payloadBase64');
  });

  it('filters by group, time window and limit', async () => {
    const { topic, group, times } = await deadLetters(5);

    expect(await store.list({ group })).toHaveLength(5);
    expect(await store.list({ topic, group: `${group}-other` })).toEqual([]);
    const window = await store.list({ topic, since: new Date(times[1]!), until: new Date(times[3]!) });
    expect(window.map((l) => l.key)).toEqual(['a1', 'a2', 'a3']);
    expect((await store.list({ topic, limit: 2 })).map((l) => l.key)).toEqual(['a0', 'a1']);
    expect(await store.list({ topic, since: new Date(times[4]! + MINUTE) })).toEqual([]);
  });

  it('shows one dead letter with its payload as base64', async () => {
    const { topic, records } = await deadLetters(2);
    const [first] = await store.list({ topic });

    const detail = await store.show(first!.dlqTopic, first!.partition, first!.offset);
    expect(detail.key).toBe('a0');
    expect(detail.payloadBase64).toBe((records[0]!.value as Buffer).toString('base64'));
  });

  it('answers dlq.not_found for what it does not hold', async () => {
    const { dlqTopic } = await deadLetters(1);

    for (const [topic, partition, offset] of [
      [dlqTopic, 0, '999999'],
      [dlqTopic, 9, '0'],
      ['testing.not-a-queue', 0, '0'],
      [`${dlqTopic}-missing.dlq`, 0, '0'],
    ] as const) {
      await expect(store.show(topic, partition, offset)).rejects.toMatchObject({ code: 'dlq.not_found' });
    }
  });

  it('purges dead letters written before a time', async () => {
    const { topic, dlqTopic, times } = await deadLetters(4);

    const purged = await store.purge({ topic, before: new Date(times[2]!) });
    expect(purged.reduce((sum, p) => sum + p.deleted, 0)).toBe(2);
    expect(purged.every((p) => p.dlqTopic === dlqTopic)).toBe(true);
    expect((await store.list({ topic })).map((l) => l.key)).toEqual(['a2', 'a3']);
    expect(await store.purge({ topic, before: new Date(times[2]!) })).toEqual([]);
  });
});
