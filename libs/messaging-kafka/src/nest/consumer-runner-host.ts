import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Kafka } from '@carebus/kafka';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '@carebus/observability';
import { ConsumerRunner } from '../consumer-runner';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { EventHandlerExplorer } from './event-handler-explorer';
import { KAFKA_CLIENT, KAFKA_MESSAGING_OPTIONS, type KafkaMessagingOptions } from './kafka-messaging-options';
import { nestConsumerLogger } from './nest-consumer-logger';

/** Starts one ConsumerRunner per (topic, group) once the app is built; stops them before it closes. */
@Injectable()
export class ConsumerRunnerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private runners: ConsumerRunner[] = [];
  private readonly logger = nestConsumerLogger('KafkaMessaging');

  constructor(
    @Inject(KAFKA_MESSAGING_OPTIONS) private readonly options: KafkaMessagingOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly explorer: EventHandlerExplorer,
    private readonly moduleRef: ModuleRef,
    private readonly deadLetters: DeadLetterStore,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, ...options } = this.options;
    const consumers = this.explorer.explore(config);
    if (consumers.length === 0) return;
    // Looked up only now, so an app with no handlers (e.g. only the admin API) needs no database.
    const dataSource = this.dataSource();
    for (const consumer of consumers) {
      const runner = new ConsumerRunner({
        ...options,
        kafka: this.kafka,
        dataSource,
        topic: consumer.topic,
        group: consumer.group,
        handler: consumer.handler,
        ...(consumer.eventTypes ? { eventTypes: consumer.eventTypes } : {}),
        ...(this.metrics ? { metrics: this.metrics.registry } : {}),
        logger: this.logger,
      });
      this.runners.push(runner);
      this.logger.info('starting event handlers', {
        topic: consumer.topic,
        group: consumer.group,
        methods: consumer.methods,
      });
      try {
        await runner.start();
      } catch (error) {
        await this.beforeApplicationShutdown(); // a half-started app must not keep consuming
        throw error;
      }
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((runner) => runner.stop()));
    await this.deadLetters.close();
  }

  private dataSource(): DataSource {
    try {
      return this.moduleRef.get(DataSource, { strict: false });
    } catch {
      throw new Error(
        '@EventHandler methods need a TypeORM DataSource provider (import TypeOrmModule.forRoot)',
      );
    }
  }
}
