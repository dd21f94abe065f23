// The consumer side of the end-to-end benchmark, as its own process (so its RSS is its own):
// a ConsumerRunner whose effect records the commit → effect latency of every event.
// env: DATABASE_URL, KAFKA_BROKERS, SCHEMA, TOPIC, GROUP
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ConsumerRunner } from '@carebus/messaging-kafka';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const schema = env('SCHEMA');
  const dataSource = new DataSource({ type: 'postgres', url: env('DATABASE_URL'), extra: { max: 8 } });
  await dataSource.initialize();
  const runner = new ConsumerRunner({
    kafka: new Kafka({
      clientId: 'bench-consumer',
      brokers: env('KAFKA_BROKERS').split(','),
      logLevel: logLevel.NOTHING,
    }),
    dataSource,
    inboxSchema: schema,
    topic: env('TOPIC'),
    group: env('GROUP'),
    partitionsConsumedConcurrently: 6,
    consumerConfig: { maxWaitTimeInMs: 20 },
    handler: async (event, manager) => {
      await manager.query(
        `INSERT INTO ${schema}.effects (event_id, aggregate_id, latency_ms)
         VALUES ($1, $2, extract(epoch FROM clock_timestamp() - $3::timestamptz) * 1000)`,
        [event.envelope.id, event.key ?? '', event.envelope.time.toISOString()],
      );
    },
  });
  process.once('SIGTERM', () => {
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
