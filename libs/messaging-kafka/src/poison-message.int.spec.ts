import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EVENTS } from '@carebus/contracts';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  newTopicSuffix,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { isEventOf } from './consumed-event';
import { ConsumerRunner } from './consumer-runner';
import { DeadLetterStore } from './dead-letters/dead-letter-store';
import { FAILURE_HEADERS } from './failure-headers';
import { metricValue } from './testing/metric-values';
import { recordingLogger } from './testing/recording-logger';
import { applySequencedEvent } from './testing/sequence-effects';
import { sequencedMessage } from './testing/sequenced-messages';
import { createConsumerSchema, openDataSource } from './testing/test-data-source';

class PoisonError extends Error {
  readonly code = 'test.poison';
}

describe('a poison message', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let store: DeadLetterStore;
  let runner: ConsumerRunner;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.url());
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    store = new DeadLetterStore(kafka);
  });

  afterAll(async () => {
    await runner?.stop();
    await store.close();
    await producer.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  it('goes through every retry topic to the DLQ without holding up its partition, and replays once', async () => {
    const suffix = newTopicSuffix();
    const topic = `testing.sequence.${suffix}`;
    const group = `poison-${suffix}`;
    const schema = `poison_${suffix}`;
    await createTopics(kafka, [topic], 1); // one partition: the poison and the good events share it
    await createConsumerSchema(dataSource, schema);
    const registry = new Registry();
    let fixed = false;
    const poisonAttempts: number[] = [];
    runner = new ConsumerRunner({
      kafka,
      dataSource,
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      metrics: registry,
      logger: recordingLogger(),
      handler: async (event, manager) => {
        if (!isEventOf(event, EVENTS.testSequenced)) return;
        if (event.payload.aggregateId === 'poison') {
          poisonAttempts.push(event.attempt);
          if (!fixed) throw new PoisonError(`cannot apply sequence ${event.payload.sequence}`);
        }
        await applySequencedEvent(manager, schema, event.payload);
      },
    });
    const clinicId = newClinicId();
    const good = Array.from({ length: 20 }, (_, i) =>
      sequencedMessage({ aggregateId: 'good', sequence: i + 1, clinicId }),
    );
    const poison = sequencedMessage({ aggregateId: 'poison', sequence: 1, clinicId });
    await producer.send({ topic, messages: [poison, ...good] });
    await runner.start();

    const [letter] = await waitFor(
      async () => {
        const letters = await store.list({ topic, group });
        return letters.length > 0 ? letters : undefined;
      },
      { what: 'the poison message in the DLQ', timeoutMs: 20_000 },
    );
    expect(poisonAttempts).toEqual([1, 2, 3]);
    expect(letter).toMatchObject({
      dlqTopic: `${topic}.${group}.dlq`,
      originalTopic: topic,
      originalPartition: 0,
      originalOffset: '0',
      group,
      attempt: 3,
      errorCode: 'test.poison',
      errorMessage: 'cannot apply sequence 1',
      retryable: true,
      eventId: poison.headers!.ce_id,
      key: 'poison',
    });
    expect(letter!.headers[FAILURE_HEADERS.notBefore]).toBeUndefined();
    expect(Date.parse(letter!.headers[FAILURE_HEADERS.failedAt]!)).toBeGreaterThan(0);
    expect(await highWatermarks([`${topic}.${group}.retry.1`, `${topic}.${group}.retry.2`])).toEqual([1, 1]);

    // The good events behind the poison were applied before it reached the DLQ.
    const applied: { last: Date }[] = await dataSource.query(
      `SELECT max(applied_at) AS last, count(*)::int AS n FROM ${schema}.applied_sequences WHERE aggregate_id = 'good'`,
    );
    expect(applied[0]).toMatchObject({ n: 20 });
    expect(applied[0]!.last.getTime()).toBeLessThan(Date.parse(letter!.deadLetteredAt));
    expect(await metricValue(registry, 'carebus_consumer_retries_total', { topic, group })).toBe(2);
    expect(await metricValue(registry, 'carebus_consumer_dead_letters_total', { topic, group })).toBe(1);

    fixed = true;
    await store.replay(letter!.dlqTopic, letter!.partition, letter!.offset);
    await waitFor(async () => (await poisonApplied(schema)) === 1, { what: 'the replayed poison applied' });

    const duplicatesBefore = await metricValue(registry, 'carebus_consumer_events_total', {
      outcome: 'duplicate',
    });
    await store.replay(letter!.dlqTopic, letter!.partition, letter!.offset);
    await waitFor(
      async () =>
        (await metricValue(registry, 'carebus_consumer_events_total', { outcome: 'duplicate' })) ===
        duplicatesBefore + 1,
      { what: 'the second replay suppressed by the inbox' },
    );
    expect(await poisonApplied(schema)).toBe(1);
    expect(poisonAttempts).toEqual([1, 2, 3, 1]);
  });

  async function poisonApplied(schema: string): Promise<number> {
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM ${schema}.applied_sequences WHERE aggregate_id = 'poison'`,
    );
    return row.n;
  }

  async function highWatermarks(topics: string[]): Promise<number[]> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await Promise.all(
        topics.map(async (t) =>
          (await admin.fetchTopicOffsets(t)).reduce((sum, p) => sum + Number(p.high), 0),
        ),
      );
    } finally {
      await admin.disconnect();
    }
  }
});
