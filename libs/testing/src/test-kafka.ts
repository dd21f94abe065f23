import { Kafka, logLevel } from 'kafkajs';
import { infraFromEnv } from './infra-env';
import { newTopicSuffix } from './test-ids';

/** A kafkajs client on the shared test broker, quiet unless something is wrong. */
export function testKafka(clientId = `test-${newTopicSuffix()}`): Kafka {
  return new Kafka({ clientId, brokers: infraFromEnv().kafkaBrokers, logLevel: logLevel.WARN });
}

/** Creates topics (unique names are the caller's job) and waits until they have leaders. */
export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
