// Test-only (excluded from the build): it needs @carebus/testing, which itself builds on this lib.
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import {
  createTestDatabase,
  createTopics,
  newTopicSuffix,
  testKafka,
  type TestDatabase,
} from '@carebus/testing';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { createConsumerSchema, openDataSource } from './test-data-source';

/** What the runner's integration tests share: a database, a producer and the dead-letter store. */
export interface ConsumerTestBed {
  db: TestDatabase;
  dataSource: DataSource;
  kafka: Kafka;
  producer: Producer;
  store: DeadLetterStore;
  /** A fresh topic, consumer group and inbox schema for one test. */
  scenario(prefix: string, partitions?: number): Promise<{ topic: string; group: string; schema: string }>;
  close(): Promise<void>;
}

export async function openConsumerTestBed(): Promise<ConsumerTestBed> {
  const db = await createTestDatabase();
  const dataSource = await openDataSource(db.url());
  const kafka = testKafka();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const store = new DeadLetterStore(kafka);
  return {
    db,
    dataSource,
    kafka,
    producer,
    store,
    scenario: async (prefix, partitions = 1) => {
      const suffix = newTopicSuffix();
      const names = {
        topic: `testing.sequence.${suffix}`,
        group: `${prefix}-${suffix}`,
        schema: `${prefix}_${suffix}`,
      };
      await createTopics(kafka, [names.topic], partitions);
      await createConsumerSchema(dataSource, names.schema);
      return names;
    },
    close: async () => {
      await store.close();
      await producer.disconnect();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
