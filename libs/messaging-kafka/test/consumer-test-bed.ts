// Test-only (excluded from the build): it needs @carebus/testing, whose service harness builds on
// @carebus/platform and so on this lib.
import { Partitioners, type Kafka, type Producer } from '@carebus/kafka';
import type { DataSource } from 'typeorm';
import {
  createTestDatabase,
  createTopics,
  newTopicSuffix,
  testKafka,
  type TestDatabase,
} from '@carebus/testing';
import { ConsumerRunner } from '../src/consumer-runner';
import type { ConsumerRunnerOptions } from '../src/consumer-runner-options';
import { DeadLetterStore } from '../src/dead-letters/dead-letter-store';
import { createConsumerSchema, openDataSource } from '../src/testing/test-data-source';

/** What the runner's integration tests share: a database, a producer and the dead-letter store. */
export interface ConsumerTestBed {
  db: TestDatabase;
  dataSource: DataSource;
  kafka: Kafka;
  producer: Producer;
  store: DeadLetterStore;
  /** A fresh topic, consumer group and inbox schema for one test. */
  scenario(prefix: string, partitions?: number): Promise<{ topic: string; group: string; schema: string }>;
  /** A runner on the bed's broker and database (not started); the bed stops it when it closes. */
  runner(options: Omit<ConsumerRunnerOptions, 'kafka' | 'dataSource'>): ConsumerRunner;
  /** Stops every runner made by `runner()`, then closes the producer, store and database. */
  close(): Promise<void>;
}

/**
 * The jest hooks of a spec file built on the bed: opened before its tests, closed after them.
 * Returns the bed (call it inside a test).
 */
export function useConsumerTestBed(): () => ConsumerTestBed {
  let bed: ConsumerTestBed | undefined;
  beforeAll(async () => {
    bed = await openConsumerTestBed();
  });
  afterAll(async () => {
    await bed?.close();
  });
  return () => {
    if (!bed) throw new Error('the consumer test bed is open only while the tests run');
    return bed;
  };
}

export async function openConsumerTestBed(): Promise<ConsumerTestBed> {
  const db = await createTestDatabase();
  const dataSource = await openDataSource(db.url());
  const kafka = testKafka();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const store = new DeadLetterStore(kafka);
  const runners: ConsumerRunner[] = [];
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
    runner: (options) => {
      const runner = new ConsumerRunner({ kafka, dataSource, ...options });
      runners.push(runner);
      return runner;
    },
    close: async () => {
      await Promise.all(runners.splice(0).map((r) => r.stop()));
      await store.close();
      await producer.disconnect();
      await dataSource.destroy();
      await db.drop();
    },
  };
}
