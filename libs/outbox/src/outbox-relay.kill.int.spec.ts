import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  newTopicSuffix,
  testKafka,
  testKafkaEnv,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { Outbox } from './outbox';
import { createOutboxTables, OUTBOX_RELAY_OPTIONS } from './outbox-tables.migration';
import { RelayProcesses } from './testing/relay-processes';
import { consumeSequences } from './testing/sequence-consumer';
import { createSequenceTable, runSequenceLoad } from './testing/sequence-load';

const SCHEMA = 'notifications';
const OWNER = 'carebus_notifications';
const APP = 'carebus_notifications_app';

describe('outbox relay under kill -9 (real PostgreSQL, real Kafka, relay as a child process)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const kafka = testKafka();

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url(OWNER) });
    await owner.connect();
    await createOutboxTables(owner, SCHEMA);
    await createSequenceTable(owner, SCHEMA);
    await owner.end();
    // Its events are of many clinics: it writes and checks them as the relay does (row-level security).
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url(APP),
      extra: { max: 8, options: OUTBOX_RELAY_OPTIONS },
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const backlog = async () =>
    Number(
      (await dataSource.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0].n,
    );

  async function scenario(name: string, relaysAtOnce: number, minKills: number) {
    const topic = `testing.sequence.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 6);
    const relays = new RelayProcesses({
      DATABASE_URL: db.url(APP),
      OUTBOX_SCHEMA: SCHEMA,
      ...(testKafkaEnv() as { KAFKA_BROKERS: string }),
    });
    for (let i = 0; i < relaysAtOnce; i++) await relays.start();
    const aggregates = Array.from({ length: 200 }, (_, i) => `${topic}-agg-${i}`);
    const load = runSequenceLoad({
      dataSource,
      outbox: new Outbox({ schema: SCHEMA, source: '/carebus/test' }),
      schema: SCHEMA,
      topic,
      clinicId: newClinicId(),
      aggregates,
      events: 20_000,
      concurrency: 6,
    });
    let loading = true;
    void load.finally(() => (loading = false));
    // Kill a random relay at random moments while the load runs, restarting it at once.
    while (loading || relays.kills < minKills) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 1_200));
      const victims = relays.running;
      const victim = victims[Math.floor(Math.random() * victims.length)];
      if (victim && relays.kills < minKills * 3) {
        await relays.kill(victim);
        await relays.start();
      }
    }
    const result = await load;
    await waitFor(async () => (await backlog()) === 0, {
      what: 'outbox drained',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await relays.stopAll();
    const expected = result.committed;
    const checker = await consumeSequences(kafka, topic, (c) => c.uniqueCount >= expected, 120_000);
    const report = checker.report(result.last);
    console.log(
      `${name}: ${JSON.stringify({ ...report, committed: result.committed, failedTx: result.failed, kills: relays.kills })}`,
    );
    return { report, result, kills: relays.kills };
  }

  it('loses and reorders nothing while the relay is killed at random ≥10 times during 20,000 events over 200 aggregates', async () => {
    const { report, result, kills } = await scenario('kill test, one relay', 1, 10);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(result.committed).toBeGreaterThanOrEqual(20_000);
    expect(report.expected).toBe(result.committed);
    expect(report.lost).toBe(0);
    expect(report.reordered).toBe(0);
  }, 600_000);

  it('loses and reorders nothing with two relays on the same outbox, one killed now and then', async () => {
    const { report, result } = await scenario('two relays', 2, 3);
    expect(report.expected).toBe(result.committed);
    expect(report.lost).toBe(0);
    expect(report.reordered).toBe(0);
  }, 600_000);
});
