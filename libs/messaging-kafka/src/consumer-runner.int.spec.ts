import { Partitioners, type Kafka, type Producer } from '@carebus/kafka';
import { Registry, type Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  newTopicSuffix,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { isEventOf, STALE_EVENT } from './consumed-event';
import { ConsumerRunner } from './consumer-runner';
import type { ConsumerRunnerOptions } from './consumer-runner-options';
import { metricValue } from './testing/metric-values';
import { recordingLogger } from './testing/recording-logger';
import { applySequencedEvent, sequenceReport } from './testing/sequence-effects';
import { sequencedMessage } from './testing/sequenced-messages';
import { createConsumerSchema, openDataSource } from './testing/test-data-source';

describe('ConsumerRunner', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.url());
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await producer.disconnect();
    await dataSource.destroy();
    await db.drop();
  });

  /** A fresh topic, group and schema; the handler applies sequence effects. */
  async function setUp(overrides: Partial<ConsumerRunnerOptions> = {}) {
    const suffix = newTopicSuffix();
    const topic = `testing.sequence.${suffix}`;
    const group = `runner-${suffix}`;
    const schema = `consumer_${suffix}`;
    await createTopics(kafka, [topic], 3);
    await createConsumerSchema(dataSource, schema);
    const registry = new Registry();
    const handled: string[] = [];
    const options: ConsumerRunnerOptions = {
      kafka,
      dataSource,
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200, 400],
      metrics: registry,
      logger: recordingLogger(),
      handler: async (event, tx) => {
        handled.push(event.envelope.id);
        if (isEventOf(event, EVENTS.testSequenced)) await applySequencedEvent(tx, schema, event.payload);
      },
      ...overrides,
    };
    const newRunner = (more: Partial<ConsumerRunnerOptions> = {}) => {
      const runner = new ConsumerRunner({ ...options, ...more });
      runners.push(runner);
      return runner;
    };
    const runner = newRunner();
    const outcomes = (outcome: string) => metricValue(registry, 'carebus_consumer_events_total', { outcome });
    const report = () => sequenceReport(dataSource.manager, schema);
    return { topic, group, schema, runner, newRunner, registry, handled, outcomes, report };
  }

  function events(count: number, aggregates: number, clinicId = newClinicId()) {
    return Array.from({ length: count }, (_, i) =>
      sequencedMessage({
        aggregateId: `agg-${i % aggregates}`,
        sequence: Math.floor(i / aggregates) + 1,
        clinicId,
      }),
    );
  }

  it('applies every event once, in order per aggregate', async () => {
    const { topic, runner, report, registry } = await setUp();
    await producer.send({ topic, messages: events(60, 6) });
    await runner.start();

    const done = await waitFor(async () => ((await report()).applied === 60 ? report() : undefined), {
      what: '60 events applied',
    });
    expect(done).toEqual({ applied: 60, aggregates: 6, duplicates: 0, outOfOrder: 0 });
    const lags = await Promise.all(
      ['0', '1', '2'].map((partition) => metricValue(registry, 'carebus_consumer_lag', { topic, partition })),
    );
    expect(lags).toEqual([0, 0, 0]);
    const durations = await (
      registry.getSingleMetric('carebus_consumer_handler_duration_seconds') as Histogram
    ).get();
    expect(durations.values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(60);
  });

  it('applies an event produced twice only once (inbox)', async () => {
    const { topic, runner, report, outcomes } = await setUp();
    const messages = events(20, 4);
    await runner.start();
    await producer.send({ topic, messages });
    await producer.send({ topic, messages });

    await waitFor(async () => (await outcomes('duplicate')) === 20, { what: '20 duplicates' });
    expect(await outcomes('applied')).toBe(20);
    expect(await report()).toMatchObject({ applied: 20, duplicates: 0 });
  });

  it('applies nothing again when the group re-reads the topic from the start', async () => {
    const { topic, group, runner, newRunner, report, outcomes } = await setUp();
    await producer.send({ topic, messages: events(30, 3) });
    await runner.start();
    await waitFor(async () => (await outcomes('applied')) === 30, { what: '30 applied' });
    await runner.stop();

    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: group, topic, earliest: true });
    await admin.disconnect();
    await newRunner().start();

    await waitFor(async () => (await outcomes('duplicate')) === 30, { what: '30 redeliveries suppressed' });
    expect(await report()).toMatchObject({ applied: 30, duplicates: 0 });
  });

  it('counts a stale event once, after the commit, also when a failing neighbour has its run applied again', async () => {
    let failed = false;
    const { topic, group, schema, registry, runner, report, outcomes } = await setUp({
      // Sequence 1 is stale; sequence 3 fails once, so the run around it is applied again.
      handler: async (event, tx) => {
        if (!isEventOf(event, EVENTS.testSequenced)) return;
        const sequence = Number(event.payload.sequence);
        if (sequence === 1) return STALE_EVENT;
        if (sequence === 3 && !failed) {
          failed = true;
          throw new Error('fails once');
        }
        await applySequencedEvent(tx, schema, event.payload);
      },
    });
    await producer.send({ topic, messages: events(4, 1) });
    await runner.start();

    await waitFor(async () => (await report()).applied === 3, { what: 'sequences 2, 3 (retried) and 4' });
    const stale = () =>
      metricValue(registry, 'carebus_stale_events_total', {
        consumer: group,
        event_type: EVENTS.testSequenced.type,
      });
    expect(await stale()).toBe(1);
    expect(await outcomes('stale')).toBe(1);
    expect(await outcomes('applied')).toBe(3);
  });

  it('commits and skips event types it was not asked for', async () => {
    const { topic, group, runner, handled, outcomes } = await setUp({
      eventTypes: [EVENTS.testSequenced.type],
    });
    const clinicId = newClinicId();
    const other = {
      key: 'appointment-1',
      value: Buffer.from(encodeEventPayload(EVENTS.appointmentBooked, {})),
      headers: encodeEnvelopeHeaders({
        id: '0190f0a0-0000-7000-8000-000000000001',
        type: EVENTS.appointmentBooked.type,
        source: '/carebus/scheduling',
        time: new Date(),
        clinicId,
        dataContentType: 'application/protobuf',
      }),
    };
    await producer.send({
      topic,
      messages: [other, sequencedMessage({ aggregateId: 'a', sequence: 1, clinicId })],
    });
    await runner.start();

    await waitFor(async () => (await outcomes('applied')) === 1 && (await outcomes('skipped')) === 1, {
      what: 'one applied, one skipped',
    });
    expect(handled).toHaveLength(1);
    await runner.stop();
    expect(await committedTotal(group, topic)).toBe(2);
  });

  it('commits what it handled when stopped', async () => {
    const { topic, group, runner, outcomes } = await setUp();
    await producer.send({ topic, messages: events(45, 9) });
    await runner.start();
    await waitFor(async () => (await outcomes('applied')) === 45, { what: '45 applied' });
    await runner.stop();

    expect(await committedTotal(group, topic)).toBe(45);
  });

  it('reports lag only for the partitions it holds: a rebalance or a stop removes the others', async () => {
    const { topic, runner, newRunner, registry, report } = await setUp();
    const clinicId = newClinicId();
    // Six aggregates per round, each on a fixed partition: every partition gets events.
    const round = (r: number) =>
      Array.from({ length: 30 }, (_, i) => ({
        ...sequencedMessage({ aggregateId: `r${r}-agg-${i % 6}`, sequence: Math.floor(i / 6) + 1, clinicId }),
        partition: i % 3,
      }));
    /** Partitions of `topic` with a lag series in `r`. */
    const lagged = async (r: Registry) => {
      const metric = r.getSingleMetric('carebus_consumer_lag');
      const values = metric ? (await metric.get()).values : [];
      return values.filter((v) => v.labels.topic === topic).map((v) => Number(v.labels.partition));
    };
    const applied = async (n: number) => (await report()).applied === n;
    await producer.send({ topic, messages: round(0) });
    await runner.start();
    await waitFor(() => applied(30), { what: '30 applied' });
    expect((await lagged(registry)).sort()).toEqual([0, 1, 2]);

    const secondRegistry = new Registry(); // another process: its own /metrics
    const second = newRunner({ metrics: secondRegistry });
    await second.start();
    await waitFor(async () => (await lagged(registry)).length < 3, {
      timeoutMs: 30_000,
      what: 'the first runner to give up partitions to the second',
    });
    await producer.send({ topic, messages: round(1) });
    await waitFor(() => applied(60), { what: '60 applied' });
    const first = await waitFor(
      async () => {
        const [a, b] = [await lagged(registry), await lagged(secondRegistry)];
        return a.length + b.length === 3 && a.length > 0 && b.length > 0 && [a, b];
      },
      { what: 'both runners to report the partitions they hold' },
    );
    expect([...first[0], ...first[1]].sort()).toEqual([0, 1, 2]);

    await second.stop();
    expect(await lagged(secondRegistry)).toEqual([]);
  }, 60_000);

  /** Sum over partitions of the group's committed offsets on `topic`. */
  async function committedTotal(group: string, topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }
});
