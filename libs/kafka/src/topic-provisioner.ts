import type { Admin, ITopicConfig } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  /** `retention.ms` for a topic this call creates; the broker default when omitted. */
  retentionMs?: number;
}

export interface ProvisionOptions {
  /** How long to wait for every partition to have a leader. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Creates the topics a consumer needs (auto-creation is off on Carebus brokers, so a typo never
 * creates a topic). Idempotent and safe when several replicas start at once: existing topics are
 * left as they are, and every call waits until all partitions of every named topic have a leader.
 */
export class TopicProvisioner {
  /** Returns the topics that were missing when it looked (a replica starting alongside may have created some). */
  static async ensure(admin: Admin, specs: TopicSpec[], options: ProvisionOptions = {}): Promise<string[]> {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      // kafkajs's own waitForLeaders gives up on the "unknown topic" answers a broker sends while
      // a new topic's metadata propagates; the loop below waits through them instead.
      await admin
        .createTopics({ waitForLeaders: false, topics: missing.map(topicConfig) })
        .catch(async (error) => {
          // another replica created some of them in the meantime: fine once every one exists
          const now = new Set(await admin.listTopics());
          if (!missing.every((spec) => now.has(spec.topic))) throw error;
        });
    }
    await TopicProvisioner.waitForLeaders(
      admin,
      specs.map((s) => s.topic),
      options.timeoutMs ?? 30_000,
    );
    return missing.map((spec) => spec.topic);
  }

  private static async waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
      const ready = await admin
        .fetchTopicMetadata({ topics })
        .then((m) =>
          m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
        )
        .catch(() => false);
      if (ready) return;
      if (Date.now() > deadline)
        throw new Error(`topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function topicConfig(spec: TopicSpec): ITopicConfig {
  return {
    topic: spec.topic,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    ...(spec.retentionMs !== undefined
      ? { configEntries: [{ name: 'retention.ms', value: String(spec.retentionMs) }] }
      : {}),
  };
}
