// End to end: commit → outbox relay → Kafka → consumer runner → effect through the inbox.
//  1. throughput: events committed in batches of 500 per transaction as fast as possible; events/s
//     from the first commit to the last applied effect (target ≥ 15,000/s);
//  2. latency: single-event transactions at a fixed 1,000/s; p50/p99 commit → effect (target p99 ≤ 50 ms);
//  3. memory: peak RSS of the relay and the consumer processes.
// Usage: npm run bench -- end-to-end [batched-events] [paced-seconds]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { encodeEventPayload, EVENTS } from '@carebus/contracts';
import { Outbox, runSequenceLoad, type OutboxEvent } from '@carebus/outbox';
import { createTopics, infraFromEnv, newTopicSuffix, testKafka, waitFor } from '@carebus/testing';

import { BENCH_APP, BENCH_SCHEMA, createBenchDatabase } from './bench-database';
import { machineLine, printTable, rssMiB } from './machine';

const BATCHED = Number(process.argv[2] ?? 30_000);
const PACED_SECONDS = Number(process.argv[3] ?? 15);
const RATE = 1_000;

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function startChild(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('ready') || text.includes('relay-started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  const brokers = infraFromEnv().kafkaBrokers.join(',');
  const topic = `bench.e2e.${newTopicSuffix()}`;
  await createTopics(testKafka(), [topic], 6);
  const dataSource = new DataSource({ type: 'postgres', url: db.url(BENCH_APP), extra: { max: 8 } });
  await dataSource.initialize();
  const outbox = new Outbox({ schema: BENCH_SCHEMA, source: '/carebus/bench' });
  const relay = await startChild(join(__dirname, '../../libs/outbox/dist/testing/relay-process.js'), {
    DATABASE_URL: db.url(BENCH_APP),
    OUTBOX_SCHEMA: BENCH_SCHEMA,
    KAFKA_BROKERS: brokers,
  });
  const consumer = await startChild(join(__dirname, 'e2e-consumer.js'), {
    DATABASE_URL: db.url(BENCH_APP),
    KAFKA_BROKERS: brokers,
    SCHEMA: BENCH_SCHEMA,
    TOPIC: topic,
    GROUP: 'bench-e2e',
  });
  const peak = { relay: 0, consumer: 0 };
  const sampler = setInterval(() => {
    peak.relay = Math.max(peak.relay, rssMiB(relay.pid));
    peak.consumer = Math.max(peak.consumer, rssMiB(consumer.pid));
  }, 200);
  const applied = async () =>
    Number((await dataSource.query(`SELECT count(*)::int AS n FROM ${BENCH_SCHEMA}.effects`))[0].n);
  const clinicId = randomUUID();

  // 1. Batched throughput.
  const started = Date.now();
  for (let i = 0; i < BATCHED; i += 500) {
    const events: OutboxEvent[] = [];
    for (let j = i; j < Math.min(BATCHED, i + 500); j++) {
      const aggregateId = `agg-${j % 1_000}`;
      events.push({
        type: EVENTS.testSequenced.type,
        topic,
        aggregateType: 'sequence',
        aggregateId,
        clinicId,
        payload: encodeEventPayload(EVENTS.testSequenced, { aggregateId, sequence: BigInt(j) }),
      });
    }
    await dataSource.transaction((manager) => outbox.addAll(manager, events));
  }
  const committedSeconds = (Date.now() - started) / 1000;
  await waitFor(async () => (await applied()) >= BATCHED, {
    what: 'all effects applied',
    timeoutMs: 900_000,
    intervalMs: 100,
  });
  const batchedSeconds = (Date.now() - started) / 1000;
  const batchedRate = BATCHED / batchedSeconds;

  // 2. Latency at a fixed rate, one event per transaction (update a row + add an event).
  await dataSource.query(`DELETE FROM ${BENCH_SCHEMA}.effects`);
  const pacedEvents = RATE * PACED_SECONDS;
  const load = await runSequenceLoad({
    dataSource,
    outbox,
    schema: BENCH_SCHEMA,
    topic,
    clinicId,
    aggregates: Array.from({ length: 500 }, (_, i) => `paced-${i}`),
    events: pacedEvents,
    concurrency: 8,
    ratePerSecond: RATE,
  });
  await waitFor(async () => (await applied()) >= load.committed, {
    what: 'paced effects applied',
    timeoutMs: 300_000,
  });
  const [lat] = await dataSource.query(
    `SELECT count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
            max(latency_ms) AS max
     FROM ${BENCH_SCHEMA}.effects`,
  );
  clearInterval(sampler);

  process.stdout.write(
    `end to end — ${machineLine({ partitions: 6, relayBatch: 500, consumerPartitionsConcurrently: 6, broker: 'single-node KRaft', postgres: 15 })}\n`,
  );
  printTable('1. batched: 500 events per commit, relay and consumer running', [
    {
      events: BATCHED,
      'commit phase s': committedSeconds.toFixed(2),
      'first commit → last effect s': batchedSeconds.toFixed(2),
      'events/s': batchedRate.toFixed(0),
      target: '≥ 15000',
      verdict: batchedRate >= 15_000 ? 'met' : 'NOT met',
    },
  ]);
  printTable(`2. paced: ${RATE} single-event transactions/s for ${PACED_SECONDS} s`, [
    {
      events: lat.n,
      'failed tx': load.failed,
      'p50 ms': Number(lat.p50).toFixed(1),
      'p99 ms': Number(lat.p99).toFixed(1),
      'max ms': Number(lat.max).toFixed(1),
      target: 'p99 ≤ 50',
      verdict: Number(lat.p99) <= 50 ? 'met' : 'NOT met',
    },
  ]);
  printTable('3. memory (peak RSS during the runs)', [
    { process: 'relay (OutboxRelay)', MiB: peak.relay },
    { process: 'consumer (ConsumerRunner)', MiB: peak.consumer },
    { process: 'load generator', MiB: rssMiB() },
  ]);

  for (const child of [relay, consumer]) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await dataSource.destroy();
  await db.drop();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
