/**
 * A consumer process for the kill test (consumer-kill.int.spec.ts): applies
 * carebus.testing.sequenced.v1 events as sequence effects through a ConsumerRunner. The test
 * kill -9s it at random moments and restarts it. Configured by environment:
 *   KAFKA_BROKERS (and KAFKA_TLS, KAFKA_SASL_…), DATABASE_URL, CONSUMER_SCHEMA, CONSUMER_TOPIC, CONSUMER_GROUP
 * Prints `ready` on stdout once it has joined its group, and `duplicate` for each redelivered event
 * its inbox suppressed (stdout to a pipe is synchronous on Linux, so a kill loses no line).
 */
import { createKafkaClient, kafkaSecurityFromEnv, logLevel } from '@carebus/kafka';
import { EVENTS } from '@carebus/contracts';
import { isEventOf } from '../consumed-event';
import { ConsumerRunner } from '../consumer-runner';
import { applySequencedEvent } from './sequence-effects';
import { openDataSource } from './test-data-source';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const schema = required('CONSUMER_SCHEMA');
  const dataSource = await openDataSource(required('DATABASE_URL'), 6);
  const kafka = createKafkaClient({
    clientId: 'sequence-consumer',
    brokers: required('KAFKA_BROKERS').split(','),
    security: kafkaSecurityFromEnv(),
    logLevel: logLevel.ERROR,
  });
  const runner = new ConsumerRunner({
    kafka,
    dataSource,
    inboxSchema: schema,
    topic: required('CONSUMER_TOPIC'),
    group: required('CONSUMER_GROUP'),
    retryDelaysMs: [200, 400],
    // The broker's minimum, so a kill -9ed member is evicted quickly and the test stays short.
    consumerConfig: { sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 200 },
    onOutcome: (outcome) => {
      if (outcome === 'duplicate') process.stdout.write('duplicate\n');
    },
    handler: async (event, tx) => {
      if (!isEventOf(event, EVENTS.testSequenced)) throw new Error(`unexpected ${event.envelope.type}`);
      await applySequencedEvent(tx, schema, event.payload);
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
  process.stderr.write(`sequence-consumer failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
