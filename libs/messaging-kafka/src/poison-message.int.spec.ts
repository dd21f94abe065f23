import { Registry } from 'prom-client';
import { EVENTS } from '@carebus/contracts';
import { newClinicId, waitFor } from '@carebus/testing';
import { isEventOf } from './consumed-event';
import { FAILURE_HEADERS } from './failure-headers';
import { metricValue } from './testing/metric-values';
import { recordingLogger } from './testing/recording-logger';
import { applySequencedEvent } from './testing/sequence-effects';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

class PoisonError extends Error {
  readonly code = 'test.poison';
}

describe('a poison message', () => {
  const testBed = useConsumerTestBed();

  it('goes through every retry topic to the DLQ without holding up its partition, and replays once', async () => {
    const bed = testBed();
    const { producer, store } = bed;
    // One partition: the failing and the good events share it.
    const { topic, group, schema } = await bed.scenario('poison');
    const registry = new Registry();
    let fixed = false;
    const poisonAttempts: number[] = [];
    const logger = recordingLogger();
    const runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      metrics: registry,
      logger,
      handler: async (event, tx) => {
        if (!isEventOf(event, EVENTS.testSequenced)) return;
        if (event.payload.aggregateId === 'poison') {
          poisonAttempts.push(event.attempt);
          if (!fixed) throw new PoisonError(`cannot apply sequence ${event.payload.sequence}`);
        }
        await applySequencedEvent(tx, schema, event.payload);
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
    // The log lines name the failure by code and class; its message (which may quote the event) stays out.
    const failures = logger.entries.filter((entry) => entry.fields.eventId === poison.headers!.ce_id);
    expect(failures.map((entry) => entry.message)).toEqual([
      'event failed, retrying later',
      'event failed, retrying later',
      'event dead-lettered',
    ]);
    for (const { fields } of failures) {
      expect(fields).toMatchObject({
        error: { code: 'test.poison' },
        err: { type: 'PoisonError', code: 'test.poison' },
      });
    }
    expect(JSON.stringify(failures)).not.toContain('cannot apply sequence');
    expect(letter!.headers[FAILURE_HEADERS.notBefore]).toBeUndefined();
    expect(Date.parse(letter!.headers[FAILURE_HEADERS.failedAt]!)).toBeGreaterThan(0);
    expect(await highWatermarks([`${topic}.${group}.retry.1`, `${topic}.${group}.retry.2`])).toEqual([1, 1]);

    // The good events behind the poison were applied before it reached the DLQ.
    const applied: { last: Date }[] = await bed.dataSource.query(
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
    // The replay comes back on the group's first retry topic: attempt 2.
    expect(poisonAttempts).toEqual([1, 2, 3, 2]);
  });

  async function poisonApplied(schema: string): Promise<number> {
    const [row] = await testBed().dataSource.query(
      `SELECT count(*)::int AS n FROM ${schema}.applied_sequences WHERE aggregate_id = 'poison'`,
    );
    return row.n;
  }

  async function highWatermarks(topics: string[]): Promise<number[]> {
    const admin = testBed().kafka.admin();
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
