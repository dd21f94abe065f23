// Relay: events/s from a full outbox to Kafka (acks=-1, idempotent) through OutboxRelay, against a
// raw kafkajs producer sending the same rows in the same batch sizes (rows already in memory).
// Target ratio ≥ 0.8. Usage: npm run bench -- relay [events] [batch-size]
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { OutboxRelay } from '@carebus/outbox';
import { createTopics, infraFromEnv, newTopicSuffix, waitFor } from '@carebus/testing';
import { BENCH_APP, BENCH_SCHEMA, createBenchDatabase } from './bench-database';
import { machineLine, printTable, rssMiB } from './machine';

const EVENTS_N = Number(process.argv[2] ?? 50_000);
const BATCH = Number(process.argv[3] ?? 500);
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
    logLevel: logLevel.NOTHING,
  });
  const app = new Client({ connectionString: db.url(BENCH_APP) });
  await app.connect();
  const rows: Record<string, string | number>[] = [];

  // Baseline: the same rows, read into memory first, sent by a bare producer in the same batches.
  const rawTopic = `bench.relay.raw.${newTopicSuffix()}`;
  const relayTopic = `bench.relay.outbox.${newTopicSuffix()}`;
  await createTopics(kafka, [rawTopic, relayTopic], 6);
  await fillOutbox(app, rawTopic);
  const { rows: all } = await app.query<Row>(
    `SELECT seq, aggregate_id, topic, payload, headers FROM ${BENCH_SCHEMA}.outbox ORDER BY seq`,
  );
  await app.query(`DELETE FROM ${BENCH_SCHEMA}.outbox`);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  let started = process.hrtime.bigint();
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
  const rawSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await producer.disconnect();
  const rawRss = rssMiB();
  rows.push({
    path: 'raw kafkajs producer (rows in memory)',
    events: all.length,
    seconds: rawSeconds.toFixed(2),
    'events/s': (all.length / rawSeconds).toFixed(0),
  });

  // Relay: the same number of rows waiting in the outbox, drained by OutboxRelay.
  await fillOutbox(app, relayTopic);
  const relay = new OutboxRelay({
    connectionString: db.url(BENCH_APP),
    schema: BENCH_SCHEMA,
    kafka,
    batchSize: BATCH,
  });
  let peakRss = rssMiB();
  started = process.hrtime.bigint();
  relay.start();
  await waitFor(
    async () => {
      peakRss = Math.max(peakRss, rssMiB());
      const { rows: left } = await app.query(
        `SELECT count(*)::int AS n FROM ${BENCH_SCHEMA}.outbox WHERE published_at IS NULL`,
      );
      return left[0].n === 0;
    },
    { what: 'outbox drained', timeoutMs: 600_000, intervalMs: 20 },
  );
  const relaySeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await relay.stop();

  rows.push({
    path: 'OutboxRelay (outbox → Kafka, marks published)',
    events: EVENTS_N,
    seconds: relaySeconds.toFixed(2),
    'events/s': (EVENTS_N / relaySeconds).toFixed(0),
  });
  const ratio = rawSeconds / relaySeconds;

  process.stdout.write(
    `relay — ${machineLine({ events: EVENTS_N, batchSize: BATCH, partitions: 6, payloadBytes: 220, acks: -1 })}\n`,
  );
  printTable('publish throughput, single-node Kafka and PostgreSQL on the same machine', rows);
  process.stdout.write(
    `\nratio relay / raw = ${ratio.toFixed(2)} (target ≥ 0.80): ${ratio >= 0.8 ? 'met' : 'NOT met'}\n`,
  );
  process.stdout.write(`process RSS: after raw ${rawRss} MiB, peak during relay ${peakRss} MiB\n`);
  await app.end();
  await db.drop();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
