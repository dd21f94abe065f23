import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  createTestDatabase,
  createTopics,
  infraFromEnv,
  newClinicId,
  newTopicSuffix,
  TcpProxy,
  testKafka,
  testKafkaEnv,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { Outbox } from './outbox';
import { DEFAULT_RELAY_TIMEOUTS, takeoverBoundMs, type RelayTimeouts } from './relay-timeouts';
import { createOutboxTables, OUTBOX_RELAY_OPTIONS } from './outbox-tables.migration';
import { RelayProcesses } from './testing/relay-processes';
import { consumeSequences } from './testing/sequence-consumer';
import { createSequenceTable, runSequenceLoad, type SequenceLoadResult } from './testing/sequence-load';

const SCHEMA = 'notifications';
const OWNER = 'carebus_notifications';
const APP = 'carebus_notifications_app';
// Shorter than the defaults so the test waits seconds, not half a minute; the bound is computed alike.
const TIMEOUTS: RelayTimeouts = {
  ...DEFAULT_RELAY_TIMEOUTS,
  statementTimeoutMs: 4_000,
  idleTimeoutMs: 4_000,
  keepAliveIdleSeconds: 2,
  keepAliveIntervalSeconds: 1,
  keepAliveCount: 2,
  sendTimeoutMs: 5_000,
};
const STANDBY_RETRY_MS = 200;
const POLL_MS = 100;

describe('outbox relay failover (real PostgreSQL, real Kafka, relays as child processes)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let admin: Client;
  const kafka = testKafka();

  beforeAll(async () => {
    db = await createTestDatabase();
    const owner = new Client({ connectionString: db.url(OWNER) });
    await owner.connect();
    await createOutboxTables(owner, SCHEMA);
    await createSequenceTable(owner, SCHEMA);
    await owner.end();
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url(APP),
      // The load writes events of many clinics and reads the outbox back: a relay session.
      extra: { max: 8, options: OUTBOX_RELAY_OPTIONS },
    });
    await dataSource.initialize();
    admin = new Client({ connectionString: db.url() }); // superuser, in the test database
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  /** The backend holding a relay's leader lock in the test database, if any. */
  const lockHolder = async (): Promise<number | undefined> => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0]?.pid;
  };

  /**
   * The lock holder at a moment when the leader's other connection holds a claim (its UPDATE's
   * RowExclusiveLock on the outbox): the moment a takeover could overtake those locked rows.
   */
  const holderWhileClaimAhead = async (): Promise<number | undefined> => {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT h.pid FROM pg_locks h
       WHERE h.locktype = 'advisory' AND h.granted
         AND h.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND EXISTS (SELECT 1 FROM pg_locks c JOIN pg_stat_activity a ON a.pid = c.pid
           WHERE c.relation = '${SCHEMA}.outbox'::regclass AND c.mode = 'RowExclusiveLock' AND c.granted
             AND a.application_name = 'outbox-relay' AND c.pid <> h.pid)`,
    );
    return rows[0]?.pid;
  };

  const backlog = async () =>
    Number(
      (await dataSource.query(`SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`))[0].n,
    );

  /** Counts "active" lines per relay process: each one is a won leadership. */
  const watchLeadership = (child: ChildProcess, wins: Map<ChildProcess, number>) => {
    wins.set(child, 0);
    child.stdout!.on('data', (chunk: Buffer) => {
      const n = chunk.toString().split('outbox relay is active').length - 1;
      wins.set(child, (wins.get(child) ?? 0) + n);
      if (n > 0) lastLeader = child;
    });
  };
  let lastLeader: ChildProcess | undefined;

  async function load(topic: string, events: number, ratePerSecond?: number) {
    return runSequenceLoad({
      dataSource,
      outbox: new Outbox({ schema: SCHEMA, source: '/carebus/test' }),
      schema: SCHEMA,
      topic,
      clinicId: newClinicId(),
      aggregates: Array.from({ length: 100 }, (_, i) => `${topic}-agg-${i}`),
      events,
      concurrency: 6,
      ...(ratePerSecond ? { ratePerSecond } : {}),
    });
  }

  async function drainAndCheck(topic: string, result: SequenceLoadResult, relays: RelayProcesses) {
    await waitFor(async () => (await backlog()) === 0, {
      what: 'outbox drained',
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    await relays.stopAll();
    const checker = await consumeSequences(kafka, topic, (c) => c.uniqueCount >= result.committed, 120_000);
    return checker.report(result.last);
  }

  const env = () => ({
    DATABASE_URL: db.url(APP),
    OUTBOX_SCHEMA: SCHEMA,
    RELAY_TIMEOUTS: JSON.stringify(TIMEOUTS),
    RELAY_STANDBY_RETRY_MS: String(STANDBY_RETRY_MS),
    ...(testKafkaEnv() as { KAFKA_BROKERS: string }),
  });

  it("hands over to the standby when the leader's backend is terminated mid-send, reordering nothing", async () => {
    const topic = `testing.sequence.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 6);
    // Small claims: under load the leader's second connection often holds one (a claim ahead).
    const relays = new RelayProcesses({ ...env(), RELAY_BATCH_SIZE: '10', RELAY_CLAIM_SIZE: '20' });
    const wins = new Map<ChildProcess, number>();
    watchLeadership(await relays.start(), wins);
    await waitFor(lockHolder, { what: 'a leader' });
    watchLeadership(await relays.start(), wins);
    const running = load(topic, 15_000);
    let loading = true;
    void running.finally(() => (loading = false));
    const handovers: number[] = [];
    let terminations = 0;
    let pausedTakeovers = 0;
    /** Pauses the leader's process at a moment its second connection holds a claim (≤ 100 tries). */
    const pauseWithClaimAhead = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const leader = lastLeader;
        leader?.kill('SIGSTOP');
        const holder = await holderWhileClaimAhead();
        if (holder !== undefined && leader) return { holder, paused: leader };
        leader?.kill('SIGCONT');
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 40));
      }
      return undefined; // no claim ahead any more (the load is over): a plain termination then
    };
    while (loading || terminations < 5) {
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
      if (terminations >= 15) continue;
      // Every other time the leader's process is paused (a GC pause, a frozen VM) at a moment its
      // second connection holds a claim, and its leader backend is terminated: the claim stays
      // locked while the standby takes over, and the old leader resumes mid-send afterwards.
      // Unfenced, it would send those rows after the standby sent later ones (counted as reordered).
      // Otherwise the leader's backend is terminated mid-send, with a claim ahead if one comes soon.
      const pausedRound = terminations % 2 === 1 ? await pauseWithClaimAhead() : undefined;
      const paused = pausedRound?.paused;
      const holder =
        pausedRound?.holder ??
        (await waitFor(holderWhileClaimAhead, { timeoutMs: 2_000, intervalMs: 5 }).catch(() => undefined)) ??
        (await lockHolder());
      if (holder === undefined) continue;
      try {
        await admin.query('SELECT pg_terminate_backend($1)', [holder]);
        terminations++;
        pausedTakeovers += paused ? 1 : 0;
        const terminated = Date.now();
        await waitFor(async () => ((await lockHolder()) ?? holder) !== holder, {
          what: 'a new leader',
          timeoutMs: takeoverBoundMs(TIMEOUTS, STANDBY_RETRY_MS),
          intervalMs: POLL_MS,
        });
        handovers.push(Date.now() - terminated);
        if (paused) await new Promise((r) => setTimeout(r, TIMEOUTS.idleTimeoutMs / 4));
      } finally {
        paused?.kill('SIGCONT');
      }
    }
    const result = await running;
    const report = await drainAndCheck(topic, result, relays);
    const leaderships = [...wins.values()];
    console.log(
      `terminated leader: ${JSON.stringify({ ...report, committed: result.committed, terminations, pausedTakeovers, handovers, leaderships })}`,
    );
    expect(terminations).toBeGreaterThanOrEqual(5);
    expect(pausedTakeovers).toBeGreaterThanOrEqual(2);
    // Both relays led at some point: the standby took over, not only the old leader reconnecting.
    expect(leaderships.every((n) => n >= 1)).toBe(true);
    expect(result.failed).toBe(0);
    expect(report.expected).toBe(result.committed);
    expect(report.lost).toBe(0);
    expect(report.reordered).toBe(0);
  }, 600_000);

  it("hands over within the stated bound when the leader's connection goes half-open", async () => {
    const topic = `testing.sequence.${newTopicSuffix()}`;
    await createTopics(kafka, [topic], 6);
    const pg = new URL(infraFromEnv().postgresAdminUrl);
    const proxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
    await proxy.start(0);
    const viaProxy = new URL(db.url(APP));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const relays = new RelayProcesses(env());
    const wins = new Map<ChildProcess, number>();
    const first = await relays.start({ DATABASE_URL: viaProxy.toString() });
    watchLeadership(first, wins);
    const leader = await waitFor(lockHolder, { what: 'the proxied relay leading' });
    const standby = await relays.start();
    watchLeadership(standby, wins);
    const running = load(topic, 6_000, 300);
    try {
      const published = async () =>
        Number(
          (
            await dataSource.query(
              `SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE published_at IS NOT NULL`,
            )
          )[0].n,
        );
      await waitFor(async () => (await published()) > 600, { what: 'the leader publishing' });
      proxy.stall();
      const stalled = Date.now();
      const bound = takeoverBoundMs(TIMEOUTS, STANDBY_RETRY_MS);
      const newHolder = await waitFor(
        async () => ((await lockHolder()) ?? leader) !== leader && lockHolder(),
        {
          what: 'the standby leading',
          timeoutMs: bound + 10_000,
          intervalMs: POLL_MS,
        },
      );
      const takeoverMs = Date.now() - stalled;
      // The old leader comes back on a working path and contends again, as a standby.
      await proxy.cut();
      await proxy.start();
      const result = await running;
      const report = await drainAndCheck(topic, result, relays);
      console.log(
        `half-open leader: ${JSON.stringify({ ...report, committed: result.committed, takeoverMs, boundMs: bound })}`,
      );
      expect(newHolder).not.toBe(leader);
      expect(wins.get(standby)).toBeGreaterThanOrEqual(1);
      expect(takeoverMs).toBeLessThanOrEqual(bound + POLL_MS);
      expect(result.failed).toBe(0);
      expect(report.expected).toBe(result.committed);
      expect(report.lost).toBe(0);
      expect(report.reordered).toBe(0);
    } finally {
      await relays.stopAll();
      await proxy.stop();
    }
  }, 300_000);
});
