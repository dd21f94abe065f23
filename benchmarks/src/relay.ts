// Relay: events/s from a full outbox to Kafka (acks=-1, idempotent) through OutboxRelay, against a
// raw kafkajs producer sending the same rows in the same batch sizes (rows already in memory).
// Both paths run back to back in each of ROUNDS rounds (alternating which goes first); the figure
// is the median of the per-round ratios, so a neighbour's load on this shared machine hits both.
// Target ratio ≥ 0.8. Usage: npm run bench -- relay [events-per-round] [batch-size] [rounds]
import { median } from './statistics';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { kafkajsSecurity } from '@carebus/kafka';
import { OutboxRelay } from '@carebus/outbox';
import { createTopics, infraFromEnv, newTopicSuffix, waitFor } from '@carebus/testing';
import {
  BENCH_APP,
  BENCH_APP_OPTIONS,
  BENCH_OWNER,
  BENCH_SCHEMA,
  createBenchDatabase,
} from './bench-database';
import { machineLine, printTable, rssMiB } from './machine';

const EVENTS_N = Number(process.argv[2] ?? 50_000);
const BATCH = Number(process.argv[3] ?? 500);
const ROUNDS = Number(process.argv[4] ?? 9);
const AGGREGATES = 1_000;

interface Row {
  seq: string;
  aggregate_id: string;
  topic: string;
  payload: Buffer;
  headers: Record<string, string>;
}

async function fillOutbox(client: Client, topic: string): Promise<void> {
  const clinicId = randomUUID();
  for (let start = 0; start < EVENTS_N; start += 5_000) {
    const ids: string[] = [];
    const aggregates: string[] = [];
    const payloads: Buffer[] = [];
    const headers: string[] = [];
    for (let i = start; i < Math.min(EVENTS_N, start + 5_000); i++) {
      const id = randomUUID();
      const aggregateId = `agg-${i % AGGREGATES}`;
      ids.push(id);
      aggregates.push(aggregateId);
      payloads.push(
        Buffer.from(
          encodeEventPayload(EVENTS.testSequenced, {
            aggregateId,
            sequence: BigInt(i),
            padding: new Uint8Array(200),
          }),
        ),
      );
      headers.push(
        JSON.stringify(
          encodeEnvelopeHeaders({
            id,
            type: EVENTS.testSequenced.type,
            source: '/carebus/bench',
            time: new Date(),
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        ),
      );
    }
    await client.query(
      `INSERT INTO ${BENCH_SCHEMA}.outbox (id, clinic_id, aggregate_type, aggregate_id, event_type, topic, payload, headers)
       SELECT unnest($1::uuid[]), $2, 'sequence', unnest($3::text[]), $4, $5, unnest($6::bytea[]), unnest($7::jsonb[])`,
      [ids, clinicId, aggregates, EVENTS.testSequenced.type, topic, payloads, headers],
    );
  }
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const kafka = new Kafka({
    clientId: 'bench-relay',
    brokers: infraFromEnv().kafkaBrokers,
    ...kafkajsSecurity(infraFromEnv().kafkaSecurity),
    logLevel: logLevel.NOTHING,
  });
  const app = new Client({ connectionString: db.url(BENCH_APP), options: BENCH_APP_OPTIONS });
  await app.connect();
  const owner = new Client({ connectionString: db.url(BENCH_OWNER) });
  await owner.connect();
  // Between phases the table is emptied and vacuumed (autovacuum's job in a service): otherwise the
  // dead index entries of every earlier phase slow each later claim, and rounds would not compare.
  const empty = async () => {
    await app.query(`DELETE FROM ${BENCH_SCHEMA}.outbox`);
    await owner.query(`VACUUM ${BENCH_SCHEMA}.outbox`);
  };
  const rawTopic = `bench.relay.raw.${newTopicSuffix()}`;
  const relayTopic = `bench.relay.outbox.${newTopicSuffix()}`;
  await createTopics(kafka, [rawTopic, relayTopic], 6);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let peakRss = rssMiB();

  // Baseline: the same rows, read into memory first, sent by a bare (already connected) producer.
  async function raw(): Promise<number> {
    await fillOutbox(app, rawTopic);
    const { rows: all } = await app.query<Row>(
      `SELECT seq, aggregate_id, topic, payload, headers FROM ${BENCH_SCHEMA}.outbox ORDER BY seq`,
    );
    await empty();
    const started = process.hrtime.bigint();
    for (let i = 0; i < all.length; i += BATCH) {
      const batch = all.slice(i, i + BATCH);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: rawTopic,
            messages: batch.map((r) => ({ key: r.aggregate_id, value: r.payload, headers: r.headers })),
          },
        ],
      });
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  }

  // Relay: a running OutboxRelay (leader, producer connected, asleep on an empty outbox — as in a
  // service) drains the same number of rows committed in one transaction; the clock starts at COMMIT.
  async function relayed(): Promise<number> {
    const relay = new OutboxRelay({
      connectionString: db.url(BENCH_APP),
      schema: BENCH_SCHEMA,
      kafka,
      batchSize: BATCH,
    });
    relay.start();
    await waitFor(
      async () =>
        relay.leader &&
        (await app.query(`SELECT sleeping FROM ${BENCH_SCHEMA}.outbox_relay_state`)).rows[0]?.sleeping ===
          true,
      { what: 'relay asleep on an empty outbox', timeoutMs: 30_000, intervalMs: 20 },
    );
    await app.query('BEGIN');
    await fillOutbox(app, relayTopic);
    await app.query('COMMIT');
    let lastRss = 0;
    const started = process.hrtime.bigint();
    // Done when the relay has committed the mark of every row. Watched in memory: polling a count
    // over the outbox every few ms would load the PostgreSQL the relay runs on (the raw path is spared).
    await waitFor(
      () => {
        if (Date.now() - lastRss >= 100) {
          lastRss = Date.now();
          peakRss = Math.max(peakRss, rssMiB());
        }
        return relay.publishedRows >= EVENTS_N;
      },
      { what: 'outbox drained', timeoutMs: 600_000, intervalMs: 2 },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await relay.stop();
    const { rows: left } = await app.query(
      `SELECT count(*)::int AS n FROM ${BENCH_SCHEMA}.outbox WHERE published_at IS NULL`,
    );
    if (left[0].n !== 0) throw new Error(`${left[0].n} rows left unpublished`);
    await empty();
    return seconds;
  }

  const rows: Record<string, string | number>[] = [];
  const ratios: number[] = [];
  const rates = { raw: [] as number[], relay: [] as number[] };
  for (let round = 1; round <= ROUNDS; round++) {
    let rawSeconds: number;
    let relaySeconds: number;
    if (round % 2 === 1) {
      rawSeconds = await raw();
      relaySeconds = await relayed();
    } else {
      relaySeconds = await relayed();
      rawSeconds = await raw();
    }
    rates.raw.push(EVENTS_N / rawSeconds);
    rates.relay.push(EVENTS_N / relaySeconds);
    ratios.push(rawSeconds / relaySeconds);
    rows.push({
      round,
      'raw kafkajs events/s': (EVENTS_N / rawSeconds).toFixed(0),
      'OutboxRelay events/s': (EVENTS_N / relaySeconds).toFixed(0),
      ratio: (rawSeconds / relaySeconds).toFixed(2),
    });
  }
  await producer.disconnect();
  const ratio = median(ratios);
  rows.push({
    round: 'median (ratio: of rounds)',
    'raw kafkajs events/s': median(rates.raw).toFixed(0),
    'OutboxRelay events/s': median(rates.relay).toFixed(0),
    ratio: ratio.toFixed(2),
  });

  process.stdout.write(
    `relay — ${machineLine({ events: EVENTS_N, batchSize: BATCH, rounds: ROUNDS, partitions: 6, payloadBytes: 220, acks: -1 })}\n`,
  );
  printTable('publish throughput, single-node Kafka and PostgreSQL on the same machine', rows);
  process.stdout.write(
    `\nratio relay / raw = ${ratio.toFixed(2)} (target ≥ 0.80): ${ratio >= 0.8 ? 'met' : 'NOT met'}` +
      `   (rounds: ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})\n`,
  );
  process.stdout.write(`process RSS: peak ${peakRss} MiB (both producers, one round's rows in memory)\n`);
  await app.end();
  await owner.end();
  await db.drop();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
