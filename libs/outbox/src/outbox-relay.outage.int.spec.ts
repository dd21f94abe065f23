import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  OwnBroker,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { createOutboxTables, OUTBOX_RELAY_OPTIONS } from './outbox-tables.migration';
import { consumeSequences } from './testing/sequence-consumer';
import { createSequenceTable, runSequenceLoad } from './testing/sequence-load';

const SCHEMA = 'notifications';
const OUTAGE_MS = 30_000;

describe('outbox relay across a broker outage', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let broker: OwnBroker;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    broker = await OwnBroker.create();
    await broker.start();
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url('carebus_notifications') });
    await owner.connect();
    await createOutboxTables(owner, SCHEMA);
    await createSequenceTable(owner, SCHEMA);
    await owner.end();
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url('carebus_notifications_app'),
      // Its events are of many clinics: it writes and checks them as the relay does (row-level security).
      extra: { max: 4, options: OUTBOX_RELAY_OPTIONS },
    });
    await dataSource.initialize();
  }, 120_000);

  afterAll(async () => {
    await relay?.stop(); // also when the test failed before stopping it: no relay outlives the run
    await dataSource?.destroy();
    await db?.drop();
    await broker?.wipe();
  });

  it('keeps committing to the outbox while the broker is down ≥30 s, then drains with 0 lost', async () => {
    const kafka = broker.kafka('outage-test');
    const topic = 'testing.sequence.outage';
    await createTopics(kafka, [topic], 3);
    relay = new OutboxRelay({
      connectionString: db.url('carebus_notifications_app'),
      schema: SCHEMA,
      kafka,
      pollIntervalMs: 500,
    });
    relay.start();
    const countCommitted = async () =>
      Number((await dataSource.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox`))[0].n);

    // 200 commits/s for ~45 s: before, during and after the outage.
    const load = runSequenceLoad({
      dataSource,
      outbox: new Outbox({ schema: SCHEMA, source: '/carebus/test' }),
      schema: SCHEMA,
      topic,
      clinicId: newClinicId(),
      aggregates: Array.from({ length: 50 }, (_, i) => `outage-${i}`),
      events: 9_000,
      concurrency: 4,
      ratePerSecond: 200,
    });
    await waitFor(async () => (await countCommitted()) > 500, { what: 'load under way', timeoutMs: 20_000 });
    await broker.stop();
    const atStop = await countCommitted();
    const outageStarted = Date.now();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const duringOutage = (await countCommitted()) - atStop;
    const backlogAtRestart = Number(
      (await dataSource.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0].n,
    );
    await broker.start();
    const outageMs = Date.now() - outageStarted;
    const result = await load;
    await waitFor(
      async () =>
        Number(
          (await dataSource.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0]
            .n,
        ) === 0,
      { what: 'backlog drained after the broker returned', timeoutMs: 120_000, intervalMs: 250 },
    );
    await relay.stop();
    const checker = await consumeSequences(kafka, topic, (c) => c.uniqueCount >= result.committed, 60_000);
    const report = checker.report(result.last);
    console.log(
      `broker outage: ${JSON.stringify({ outageMs, committedDuringOutage: duringOutage, backlogAtRestart, ...report, failedTx: result.failed })}`,
    );

    expect(outageMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(duringOutage).toBeGreaterThan(3_000); // writes kept committing at ~200/s
    expect(result.failed).toBe(0);
    expect(backlogAtRestart).toBeGreaterThan(0);
    expect(report.lost).toBe(0);
    expect(report.reordered).toBe(0);
  }, 300_000);
});
