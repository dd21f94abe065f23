// A relay as its own process, for the kill tests: `kill -9` must lose and reorder nothing.
// env: DATABASE_URL, OUTBOX_SCHEMA, KAFKA_BROKERS (and KAFKA_TLS, KAFKA_SASL_…), RELAY_BATCH_SIZE and
// RELAY_CLAIM_SIZE (optional),
// RELAY_TIMEOUTS (optional, JSON of Partial<RelayTimeouts>), RELAY_STANDBY_RETRY_MS (optional)
import { createKafkaClient, kafkaSecurityFromEnv, logLevel } from '@carebus/kafka';
import { OutboxRelay } from '../outbox-relay';
import type { RelayTimeouts } from '../relay-timeouts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const relay = new OutboxRelay({
  connectionString: env('DATABASE_URL'),
  schema: env('OUTBOX_SCHEMA'),
  kafka: createKafkaClient({
    clientId: `relay-${process.pid}`,
    brokers: env('KAFKA_BROKERS').split(','),
    security: kafkaSecurityFromEnv(),
    logLevel: logLevel.NOTHING,
  }),
  batchSize: Number(process.env.RELAY_BATCH_SIZE ?? 500),
  ...(process.env.RELAY_CLAIM_SIZE ? { claimSize: Number(process.env.RELAY_CLAIM_SIZE) } : {}),
  pollIntervalMs: 500,
  standbyRetryMs: Number(process.env.RELAY_STANDBY_RETRY_MS ?? 200),
  timeouts: JSON.parse(process.env.RELAY_TIMEOUTS ?? '{}') as Partial<RelayTimeouts>,
  logger: {
    info: (msg) => process.stdout.write(`${msg}\n`),
    warn: (msg, fields) => process.stdout.write(`${msg} ${JSON.stringify(fields)}\n`),
  },
});
relay.start();
process.stdout.write('relay-started\n');
process.once('SIGTERM', () => {
  void relay.stop().then(() => process.exit(0));
});
