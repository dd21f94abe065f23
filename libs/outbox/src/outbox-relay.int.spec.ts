import { randomBytes } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { KafkaMessage } from '@carebus/kafka';
import { Client } from 'pg';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { decodeEnvelopeHeaders, decodeEventPayload, encodeEventPayload, EVENTS } from '@carebus/contracts';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  newTopicSuffix,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { withSystemTransaction } from '@carebus/persistence';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { createOutboxTables, OUTBOX_RELAY_OPTIONS } from './outbox-tables.migration';

const SCHEMA = 'scheduling';

describe('outbox → relay → Kafka', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const kafka = testKafka();
  const tracing = new NodeTracerProvider();
  const outbox = new Outbox({ schema: SCHEMA, source: '/carebus/scheduling' });

  beforeAll(async () => {
    tracing.register(); // what a service's startTracing registers: W3C propagation, async context
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url('carebus_scheduling') });
    await owner.connect();
    await createOutboxTables(owner, SCHEMA);
    await owner.end();
    // Its events are of many clinics: it writes and checks them as the relay does (row-level security).
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url('carebus_scheduling_app'),
      extra: { options: OUTBOX_RELAY_OPTIONS },
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  async function consume(topic: string, count: number): Promise<KafkaMessage[]> {
    const consumer = kafka.consumer({ groupId: `probe-${newTopicSuffix()}` });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    try {
      await waitFor(() => messages.length >= count, {
        what: `${count} messages on ${topic}`,
        timeoutMs: 20_000,
      });
      return messages;
    } finally {
      await consumer.disconnect();
    }
  }

  it('refuses to write an event outside the state change transaction', async () => {
    const ended = await withSystemTransaction(dataSource, {}, async (tx) => tx);
    await expect(
      outbox.add(ended, {
        type: EVENTS.testSequenced.type,
        topic: 'x',
        aggregateType: 'sequence',
        aggregateId: 'a',
        clinicId: newClinicId(),
        payload: new Uint8Array(),
      }),
    ).rejects.toThrow(/transaction/);
  });

  it('writes nothing when the state change rolls back', async () => {
    const aggregateId = `rolled-back-${newTopicSuffix()}`;
    await expect(
      withSystemTransaction(dataSource, {}, async (tx) => {
        await outbox.add(tx, {
          type: EVENTS.testSequenced.type,
          topic: 'x',
          aggregateType: 'sequence',
          aggregateId,
          clinicId: newClinicId(),
          payload: new Uint8Array(),
        });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const rows = await dataSource.query(`SELECT 1 FROM ${SCHEMA}.outbox WHERE aggregate_id = $1`, [
      aggregateId,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('adds a large batch in bulk parts, in order, and returns the ids in that order', async () => {
    const aggregateId = `bulk-${newTopicSuffix()}`;
    const clinicId = newClinicId();
    const events = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        type: EVENTS.testSequenced.type,
        topic: 'x',
        aggregateType: 'sequence',
        aggregateId,
        clinicId,
        payload: encodeEventPayload(EVENTS.testSequenced, { aggregateId, sequence: BigInt(from + i) }),
      }));
    // Two full parts of 100 and a rest of 57; then a full part alone, then a small batch.
    const ids = [
      ...(await withSystemTransaction(dataSource, {}, (tx) => outbox.addAll(tx, events(1, 257)))),
      ...(await withSystemTransaction(dataSource, {}, (tx) => outbox.addAll(tx, events(258, 100)))),
      ...(await withSystemTransaction(dataSource, {}, (tx) => outbox.addAll(tx, events(358, 3)))),
    ];
    expect(await withSystemTransaction(dataSource, {}, (tx) => outbox.addAll(tx, []))).toEqual([]);

    const rows: { id: string; payload: Buffer }[] = await dataSource.query(
      `SELECT id, payload FROM ${SCHEMA}.outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [aggregateId],
    );
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(360);
    const sequences = rows.map((r) => Number(decodeEventPayload(EVENTS.testSequenced, r.payload).sequence));
    expect(sequences).toEqual(Array.from({ length: 360 }, (_, i) => i + 1));
    // Topic `x` does not exist: left in the outbox, these rows would hold up the relay tests below.
    await dataSource.query(`DELETE FROM ${SCHEMA}.outbox WHERE aggregate_id = $1`, [aggregateId]);
  });

  it('publishes at once on NOTIFY, keyed by aggregate, with the CloudEvents headers and trace of the writer', async () => {
    const topic = `testing.sequence.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 3);
    const metrics = new Registry();
    // A 60 s poll: only NOTIFY can make the relay publish within the test's deadline.
    const relay = new OutboxRelay({
      connectionString: db.url('carebus_scheduling_app'),
      schema: SCHEMA,
      kafka,
      pollIntervalMs: 60_000,
      metrics,
    });
    relay.start();
    try {
      await waitFor(() => relay.leader, { what: 'the relay leading' });
      await waitFor(async () =>
        (await metrics.getSingleMetricAsString('carebus_outbox_relay_leader')).includes('} 1'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300)); // let it fall asleep (no rows)
      const clinicId = newClinicId();
      const traceId = randomBytes(16).toString('hex');
      const parent = trace.wrapSpanContext({
        traceId,
        spanId: randomBytes(8).toString('hex'),
        traceFlags: 1,
      });
      const eventId = await context.with(trace.setSpan(context.active(), parent), () =>
        withSystemTransaction(dataSource, {}, (tx) =>
          outbox.add(tx, {
            type: EVENTS.testSequenced.type,
            topic,
            aggregateType: EVENTS.testSequenced.aggregateType,
            aggregateId: 'agg-1',
            clinicId,
            payload: encodeEventPayload(EVENTS.testSequenced, { aggregateId: 'agg-1', sequence: 1n }),
          }),
        ),
      );
      const started = Date.now();
      const [message] = await consume(topic, 1);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(String(message!.key)).toBe('agg-1');
      const envelope = decodeEnvelopeHeaders(message!.headers!);
      expect(envelope).toMatchObject({
        id: eventId,
        type: EVENTS.testSequenced.type,
        source: '/carebus/scheduling',
        subject: 'sequence/agg-1',
        clinicId,
      });
      expect(envelope.traceparent).toContain(traceId);
      await waitFor(
        async () =>
          (await dataSource.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [eventId]))[0]
            ?.published_at,
        { what: 'the row marked published' },
      );
      expect(await metrics.getSingleMetricAsString('carebus_outbox_published_total')).toMatch(/\} [1-9]/);
    } finally {
      await relay.stop();
    }
  });

  it('keeps an event for a topic nobody created, names that topic, and sends it once the topic exists', async () => {
    const topic = `testing.missing.${newTopicSuffix()}`;
    const aggregateId = `missing-${newTopicSuffix()}`;
    const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
    const metrics = new Registry();
    const eventId = await withSystemTransaction(dataSource, {}, (tx) =>
      outbox.add(tx, {
        type: EVENTS.testSequenced.type,
        topic,
        aggregateType: EVENTS.testSequenced.aggregateType,
        aggregateId,
        clinicId: newClinicId(),
        payload: encodeEventPayload(EVENTS.testSequenced, { aggregateId, sequence: 1n }),
      }),
    );
    const publishedAt = async () =>
      (await dataSource.query(`SELECT published_at FROM ${SCHEMA}.outbox WHERE id = $1`, [eventId]))[0]
        ?.published_at as Date | null;
    const relay = new OutboxRelay({
      connectionString: db.url('carebus_scheduling_app'),
      schema: SCHEMA,
      kafka,
      metrics,
      logger: { info: () => undefined, warn: (message, fields) => void warnings.push({ message, fields }) },
    });
    relay.start();
    try {
      const warning = await waitFor(
        () => warnings.find((w) => w.message.startsWith('broker did not acknowledge a batch')),
        { what: "the relay's warning about the refused batch", timeoutMs: 90_000, intervalMs: 200 },
      );
      expect(warning.fields).toMatchObject({ topics: [topic] });
      expect(await metrics.getSingleMetricAsString('carebus_outbox_publish_failures_total')).toMatch(
        /\} [1-9]/,
      );
      expect(await publishedAt()).toBeNull();

      await createTopics(kafka, [topic], 1);
      const [message] = await consume(topic, 1);
      expect(String(message!.key)).toBe(aggregateId);
      await waitFor(async () => (await publishedAt()) !== null, { what: 'the row marked published' });
    } finally {
      await relay.stop();
    }
  }, 180_000);
});
