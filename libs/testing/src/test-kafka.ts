import { Kafka, logLevel } from 'kafkajs';
import { infraFromEnv } from './infra-env';
import { newTopicSuffix } from './test-ids';
import { waitFor } from './wait-for';

/** A kafkajs client on the shared test broker, quiet unless something is wrong. */
export function testKafka(clientId = `test-${newTopicSuffix()}`): Kafka {
  return new Kafka({ clientId, brokers: infraFromEnv().kafkaBrokers, logLevel: logLevel.WARN });
}

/**
 * Creates the topics that do not exist yet (a service may have created a shared one at its start)
 * and waits until every partition has a leader. Waits itself: kafkajs's `waitForLeaders` gives up
 * on the "unknown topic" answers a fresh broker sends while new metadata propagates.
 */
export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
    await waitFor(
      () =>
        admin
          .fetchTopicMetadata({ topics: missing })
          .then((m) =>
            m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
          ),
      { timeoutMs: 30_000, intervalMs: 50, what: `leaders for ${missing.join(', ')}` },
    );
  } finally {
    await admin.disconnect();
  }
}
