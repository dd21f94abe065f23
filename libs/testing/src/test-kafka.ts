import { Kafka, logLevel } from 'kafkajs';
import { infraFromEnv } from './infra-env';
import { newTopicSuffix } from './test-ids';

/** A kafkajs client on the shared test broker, quiet unless something is wrong. */
export function testKafka(clientId = `test-${newTopicSuffix()}`): Kafka {
  return new Kafka({ clientId, brokers: infraFromEnv().kafkaBrokers, logLevel: logLevel.WARN });
}

/**
 * Creates the topics that do not exist yet (a service may have created a shared one at its start)
 * and waits until they have leaders.
 */
export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
