import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { TopicProvisioner, type Kafka, type TopicSpec } from '@carebus/kafka';
import { KAFKA_CLIENT } from '@carebus/messaging-kafka';
import type { ServiceConfig } from './service-env';
import { EVENT_TOPICS, SERVICE_CONFIG } from './tokens';

const RETRY_MS = 5_000;

/**
 * Creates the event topics a service publishes to or reads from, when missing, before its relay
 * and consumers start (brokers run without auto-creation): whichever service starts first, the
 * topic gets the partitions, replication and retention from config. An unreachable broker does
 * not fail the start here (the outbox keeps taking writes); this keeps trying every 5 s.
 */
@Injectable()
export class EventTopicsProvisioner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('EventTopics');
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(EVENT_TOPICS) private readonly topics: readonly string[],
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
  ) {}

  get specs(): TopicSpec[] {
    return [...new Set(this.topics)].map((topic) => ({
      topic,
      partitions: this.config.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: this.config.KAFKA_TOPIC_REPLICATION_FACTOR,
      retentionMs: this.config.KAFKA_TOPIC_RETENTION_MS,
    }));
  }

  async onModuleInit(): Promise<void> {
    if (this.topics.length > 0) await this.attempt();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async attempt(): Promise<void> {
    // Few retries: a broker that is down is retried here in the background, not at start.
    const admin = this.kafka.admin({ retry: { retries: 2 } });
    try {
      await admin.connect();
      const created = await TopicProvisioner.ensure(admin, this.specs, { timeoutMs: 15_000 });
      if (created.length > 0) this.logger.log({ created }, 'event topics created');
    } catch (error) {
      this.logger.warn(
        { error: (error as Error).message, retryInMs: RETRY_MS },
        'event topics could not be checked; retrying',
      );
      if (!this.stopped) this.retry = setTimeout(() => void this.attempt(), RETRY_MS);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
