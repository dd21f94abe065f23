import { Logger } from '@nestjs/common';
import { ConfigResourceTypes, createKafkaClient, logLevel, PLAINTEXT } from '@carebus/kafka';
import { newTopicSuffix, testKafka } from '@carebus/testing';
import { EventTopicsProvisioner } from './event-topics.provisioner';
import type { ServiceConfig } from './service-env';

const topicConfig = {
  KAFKA_TOPIC_PARTITIONS: 4,
  KAFKA_TOPIC_REPLICATION_FACTOR: 1,
  KAFKA_TOPIC_RETENTION_MS: 3_600_000,
} as ServiceConfig;

describe('EventTopicsProvisioner', () => {
  const kafka = testKafka();
  const admin = kafka.admin();

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('creates missing event topics with the configured partitions and retention, and leaves existing ones', async () => {
    const suffix = newTopicSuffix();
    const existing = `testing.topics.${suffix}.existing`;
    const missing = `testing.topics.${suffix}.missing`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: existing, numPartitions: 2 }] });

    const provisioner = new EventTopicsProvisioner([missing, existing, missing], topicConfig, kafka);
    await provisioner.onModuleInit();
    provisioner.onApplicationShutdown();

    const { topics } = await admin.fetchTopicMetadata({ topics: [missing, existing] });
    const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual({ [missing]: 4, [existing]: 2 });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: missing, configNames: ['retention.ms'] }],
    });
    expect(described.resources[0]!.configEntries[0]).toMatchObject({ configValue: '3600000' });
  });

  it('lets the service start when the broker cannot be reached, retries every 5 s, and stops at shutdown', async () => {
    const unreachable = createKafkaClient({
      clientId: 'topics-test',
      brokers: ['127.0.0.1:1'],
      security: PLAINTEXT,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const attempts: number[] = [];
    const admin = unreachable.admin.bind(unreachable);
    unreachable.admin = (config) => {
      attempts.push(attempts.length + 1);
      return admin(config);
    };
    const warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'],
    });
    try {
      const provisioner = new EventTopicsProvisioner(
        [`testing.topics.${newTopicSuffix()}`],
        topicConfig,
        unreachable,
      );
      await expect(provisioner.onModuleInit()).resolves.toBeUndefined();
      expect(attempts).toEqual([1]);
      expect(warnings).toHaveBeenCalledTimes(1);

      await jest.advanceTimersByTimeAsync(5_000);
      expect(attempts).toEqual([1, 2]);
      // Let the second attempt's connection fail (real socket I/O) and schedule the next one.
      for (let i = 0; i < 1_000 && warnings.mock.calls.length < 2; i++) await new Promise(setImmediate);
      expect(warnings).toHaveBeenCalledTimes(2);

      provisioner.onApplicationShutdown();
      await jest.advanceTimersByTimeAsync(30_000);
      expect(attempts).toEqual([1, 2]);
    } finally {
      jest.useRealTimers();
      warnings.mockRestore();
    }
  });
});
