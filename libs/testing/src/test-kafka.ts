import { createKafkaClient, logLevel, TopicProvisioner, type Kafka } from '@carebus/kafka';
import { infraFromEnv } from './infra-env';
import { newTopicSuffix } from './test-ids';

/** A kafkajs client on the shared test broker, quiet unless something is wrong. */
export function testKafka(clientId = `test-${newTopicSuffix()}`): Kafka {
  const { kafkaBrokers: brokers, kafkaSecurity: security } = infraFromEnv();
  return createKafkaClient({ clientId, brokers, security, logLevel: logLevel.WARN });
}

/**
 * Creates the topics that do not exist yet (a service may have created a shared one at its start)
 * and waits until every partition has a leader, as a service's start does.
 */
export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await TopicProvisioner.ensure(
      admin,
      topics.map((topic) => ({ topic, partitions: numPartitions, replicationFactor: 1 })),
    );
  } finally {
    await admin.disconnect();
  }
}

/** How many records a topic holds (sum of its partitions' high watermarks); 0 when it does not exist. */
export async function recordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
