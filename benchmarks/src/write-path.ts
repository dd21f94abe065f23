// Write path: transactions/s of "update a row + add one outbox event" (TypeORM + Outbox.add, as the
// services do it) against the same update + a plain INSERT of the same bytes with raw `pg`.
// Target ratio ≥ 0.9. Usage: npm run bench -- write-path [transactions-per-round] [concurrency]
import { median } from './statistics';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { Outbox } from '@carebus/outbox';
import { raw as rawSql, sql, withSystemTransaction } from '@carebus/persistence';
import { BENCH_APP, BENCH_APP_OPTIONS, BENCH_SCHEMA, createBenchDatabase } from './bench-database';
import { machineLine, printTable } from './machine';

const N = Number(process.argv[2] ?? 5_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const ROUNDS = 5;
const AGGREGATES = Array.from({ length: 1_000 }, (_, i) => `agg-${i}`);
const CLINIC = randomUUID();
const PADDING = new Uint8Array(200);

async function timed(work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) await work(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return N / seconds;
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const pool = new Pool({
    connectionString: db.url(BENCH_APP),
    max: CONCURRENCY,
    options: BENCH_APP_OPTIONS,
  });
  pool.on('error', () => undefined); // idle clients cut by the final DROP DATABASE … FORCE
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url(BENCH_APP),
    extra: { max: CONCURRENCY, options: BENCH_APP_OPTIONS },
  });
  await dataSource.initialize();
  const outbox = new Outbox({ schema: BENCH_SCHEMA, source: '/carebus/bench' });
  await pool.query(`INSERT INTO ${BENCH_SCHEMA}.sequences (aggregate_id) SELECT unnest($1::text[])`, [
    AGGREGATES,
  ]);
  const update = `UPDATE ${BENCH_SCHEMA}.sequences SET seq = seq + 1 WHERE aggregate_id = $1`;

  const raw = async (i: number) => {
    const aggregateId = AGGREGATES[i % AGGREGATES.length]!;
    const id = randomUUID();
    const payload = encodeEventPayload(EVENTS.testSequenced, {
      aggregateId,
      sequence: BigInt(i),
      padding: PADDING,
    });
    const headers = encodeEnvelopeHeaders({
      id,
      type: EVENTS.testSequenced.type,
      source: '/carebus/bench',
      time: new Date(),
      clinicId: CLINIC,
      dataContentType: 'application/protobuf',
    });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(update, [aggregateId]);
      await client.query(
        `INSERT INTO ${BENCH_SCHEMA}.plain_events (id, aggregate_id, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5)`,
        [id, aggregateId, EVENTS.testSequenced.type, Buffer.from(payload), headers],
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  };

  const viaOutbox = async (i: number) => {
    const aggregateId = AGGREGATES[i % AGGREGATES.length]!;
    await withSystemTransaction(dataSource, {}, async (tx) => {
      await tx.execute(
        sql`UPDATE ${rawSql(BENCH_SCHEMA)}.sequences SET seq = seq + 1 WHERE aggregate_id = ${aggregateId}`,
      );
      await outbox.add(tx, {
        type: EVENTS.testSequenced.type,
        topic: 'bench.write-path.v1',
        aggregateType: 'sequence',
        aggregateId,
        clinicId: CLINIC,
        payload: encodeEventPayload(EVENTS.testSequenced, {
          aggregateId,
          sequence: BigInt(i),
          padding: PADDING,
        }),
      });
    });
  };

  // The relay flags whether it sleeps; writers NOTIFY only then. Under load it is awake.
  const relaySleeping = (sleeping: boolean) =>
    pool.query(`UPDATE ${BENCH_SCHEMA}.outbox_relay_state SET sleeping = $1`, [sleeping]);

  await relaySleeping(false);
  await timed(raw); // warm-up both paths once
  await timed(viaOutbox);
  const rows: Record<string, string | number>[] = [];
  const rates = { raw: [] as number[], awake: [] as number[], asleep: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    const r = await timed(raw);
    await relaySleeping(false);
    const o = await timed(viaOutbox);
    await relaySleeping(true);
    const n = await timed(viaOutbox);
    rates.raw.push(r);
    rates.awake.push(o);
    rates.asleep.push(n);
    rows.push({
      round,
      'raw pg tx/s': r.toFixed(0),
      'outbox tx/s (relay awake)': o.toFixed(0),
      ratio: (o / r).toFixed(2),
      'outbox tx/s (relay asleep: NOTIFY each)': n.toFixed(0),
      'ratio ': (n / r).toFixed(2),
    });
  }
  // Median of the per-round ratios: each round runs both paths back to back, so a noisy
  // neighbour on this shared 2-core machine hits both sides of the same ratio.
  const ratio = median(rates.awake.map((o, i) => o / rates.raw[i]!));
  const asleepRatio = median(rates.asleep.map((n, i) => n / rates.raw[i]!));
  rows.push({
    round: 'median (ratios: of rounds)',
    'raw pg tx/s': median(rates.raw).toFixed(0),
    'outbox tx/s (relay awake)': median(rates.awake).toFixed(0),
    ratio: ratio.toFixed(2),
    'outbox tx/s (relay asleep: NOTIFY each)': median(rates.asleep).toFixed(0),
    'ratio ': asleepRatio.toFixed(2),
  });

  process.stdout.write(
    `write path — ${machineLine({ transactionsPerRound: N, concurrency: CONCURRENCY, payloadBytes: PADDING.length + 20 })}\n`,
  );
  printTable('update one row + one event per transaction (PostgreSQL 15 on the same machine)', rows);
  process.stdout.write(
    `\nratio outbox / raw = ${ratio.toFixed(2)} (target ≥ 0.90): ${ratio >= 0.9 ? 'met' : 'NOT met'}\n`,
  );
  await dataSource.destroy();
  await pool.end();
  await db.drop();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
