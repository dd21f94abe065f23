// The consumer side of the end-to-end benchmark, as its own process (so its RSS is its own):
// a ConsumerRunner whose effect records, for every event, the latency from its commit and from its
// Kafka timestamp (the relay's send) to the effect. HANDLER=event (default) applies one event per
// handler call and statement, as the services' handlers do; HANDLER=batch applies a chunk's events
// with one INSERT through a batch handler. Prints `applied <n>` (committed effects so far) as it goes.
// env: DATABASE_URL, KAFKA_BROKERS (and KAFKA_TLS, KAFKA_SASL_…), SCHEMA, TOPIC, GROUP, HANDLER
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { kafkajsSecurity, kafkaSecurityFromEnv } from '@carebus/kafka';
import { ConsumerRunner, type ConsumedEvent } from '@carebus/messaging-kafka';
import { raw, sql, type Transaction } from '@carebus/persistence';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

/**
 * The effect, as a named prepared statement (`{ prepared: true }`, as the services' hot statements):
 * planned once per connection. Unnamed, PostgreSQL spent ≈ 140 µs of CPU per call planning it
 * against ≈ 40 µs prepared (benchmarks/README.md), more than the whole pipeline's share per event.
 */
function applyEffects(tx: Transaction, schema: string, events: ConsumedEvent[]): Promise<number> {
  const ids = events.map((e) => e.envelope.id);
  const aggregates = events.map((e) => e.key ?? '');
  const committed = events.map((e) => e.envelope.time.toISOString());
  const sent = events.map((e) => e.timestamp.toISOString());
  return tx.execute(
    sql`INSERT INTO ${raw(schema)}.effects (event_id, aggregate_id, latency_ms, kafka_latency_ms)
     SELECT id, aggregate, extract(epoch FROM clock_timestamp() - committed) * 1000,
            extract(epoch FROM clock_timestamp() - sent) * 1000
     FROM unnest(${ids}::text[], ${aggregates}::text[], ${committed}::timestamptz[], ${sent}::timestamptz[])
       AS e(id, aggregate, committed, sent)`,
    { prepared: true },
  );
}

async function main(): Promise<void> {
  const schema = env('SCHEMA');
  const dataSource = new DataSource({
    type: 'postgres',
    url: env('DATABASE_URL'),
    applicationName: 'bench-consumer',
    extra: { max: 8 },
  });
  await dataSource.initialize();
  const batch = process.env.HANDLER === 'batch';
  // Progress for the benchmark, which would otherwise poll count(*) on the database under test.
  let applied = 0;
  let reported = 0;
  const progress = setInterval(() => {
    if (applied !== reported) process.stdout.write(`applied ${(reported = applied)}\n`);
  }, 5);
  const runner = new ConsumerRunner({
    kafka: new Kafka({
      clientId: 'bench-consumer',
      brokers: env('KAFKA_BROKERS').split(','),
      ...kafkajsSecurity(kafkaSecurityFromEnv()),
      logLevel: logLevel.NOTHING,
    }),
    dataSource,
    inboxSchema: schema,
    topic: env('TOPIC'),
    group: env('GROUP'),
    partitionsConsumedConcurrently: 6,
    consumerConfig: { maxWaitTimeInMs: 20 },
    onOutcome: (outcome) => {
      if (outcome === 'applied') applied++;
    },
    ...(batch
      ? { batchHandler: async (events, tx) => void (await applyEffects(tx, schema, events)) }
      : { handler: async (event, tx) => void (await applyEffects(tx, schema, [event])) }),
  });
  process.once('SIGTERM', () => {
    clearInterval(progress);
    void runner
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
  await runner.start();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`e2e-consumer: ${(error as Error).stack}\n`);
  process.exit(1);
});
