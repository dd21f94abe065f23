import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { newTopicSuffix, testKafka } from '@carebus/testing';
import { TopicProvisioner } from './topic-provisioner';

describe('TopicProvisioner', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates missing topics once, with their partitions and retention, and leaves existing ones alone', async () => {
    const suffix = newTopicSuffix();
    const specs = [
      { topic: `testing.provision.${suffix}.retry.1`, partitions: 4, replicationFactor: 1 },
      {
        topic: `testing.provision.${suffix}.dlq`,
        partitions: 4,
        replicationFactor: 1,
        retentionMs: 14 * 24 * 3600 * 1000,
      },
    ];

    expect(await TopicProvisioner.ensure(admin, specs)).toEqual(specs.map((s) => s.topic));
    expect(await TopicProvisioner.ensure(admin, specs)).toEqual([]);
    await Promise.all([TopicProvisioner.ensure(admin, specs), TopicProvisioner.ensure(admin, specs)]);

    const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
    expect(topics.map((t) => t.partitions.length)).toEqual([4, 4]);
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: specs[1]!.topic, configNames: ['retention.ms'] }],
    });
    expect(resources[0]!.configEntries[0]!.configValue).toBe(String(14 * 24 * 3600 * 1000));
  });

  it('lets two replicas create the same new topics at once: both return, every partition has a leader', async () => {
    const other = testKafka().admin();
    await other.connect();
    try {
      for (let round = 0; round < 5; round++) {
        const suffix = newTopicSuffix();
        const specs = ['a', 'b', 'c'].map((name) => ({
          topic: `testing.provision.${suffix}.${name}`,
          partitions: 6,
          replicationFactor: 1,
        }));
        const [mine, theirs] = await Promise.all([
          TopicProvisioner.ensure(admin, specs),
          TopicProvisioner.ensure(other, specs),
        ]);
        expect(mine.length + theirs.length).toBeGreaterThanOrEqual(specs.length);
        const { topics } = await other.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
        expect(topics.flatMap((t) => t.partitions.map((p) => p.leader >= 0))).toEqual(Array(18).fill(true));
      }
    } finally {
      await other.disconnect();
    }
  });
});
