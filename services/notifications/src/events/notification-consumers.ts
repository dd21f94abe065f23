import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Kafka } from '@carebus/kafka';
import { DataSource } from 'typeorm';
import {
  ConsumerRunner,
  KAFKA_CLIENT,
  nestConsumerLogger,
  type EventHandlerFn,
} from '@carebus/messaging-kafka';
import { MetricsRegistry } from '@carebus/observability';
import { AlertEventsHandler } from './alert-events.handler';
import { AppointmentEventsHandler } from './appointment-events.handler';

export interface ConsumerSettings {
  group: string;
  appointmentTopic: string;
  alertTopic: string;
  inboxSchema: string;
}
export const CONSUMER_SETTINGS = 'NOTIFICATIONS_CONSUMER_SETTINGS';

/**
 * Runs the two handlers on the platform's ConsumerRunner (inbox, retry topics, DLQ). Topics and
 * group come from config rather than @EventHandler, so test files and the benchmark use their own.
 */
@Injectable()
export class NotificationConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationConsumers');
  private runners: ConsumerRunner[] = [];

  constructor(
    @Inject(CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
    // The platform's client (KafkaMessagingModule): same brokers, client id and logging.
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsRegistry,
    private readonly appointments: AppointmentEventsHandler,
    private readonly alerts: AlertEventsHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // One group per topic: kafkajs members of one group must subscribe to the same topics.
    const bindings: [string, string, EventHandlerFn][] = [
      [
        this.settings.appointmentTopic,
        this.settings.group,
        (event, manager) => this.appointments.handle(event, manager),
      ],
      [
        this.settings.alertTopic,
        `${this.settings.group}-alerts`,
        (event, manager) => this.alerts.handle(event, manager),
      ],
    ];
    for (const [topic, group, handler] of bindings) {
      const runner = new ConsumerRunner({
        kafka: this.kafka,
        dataSource: this.dataSource,
        inboxSchema: this.settings.inboxSchema,
        group,
        topic,
        handler,
        metrics: this.metrics.registry,
        logger: nestConsumerLogger('KafkaMessaging'),
      });
      this.runners.push(runner);
      this.logger.log({ topic, group }, 'starting event handlers');
      await runner.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const runners = this.runners;
    this.runners = [];
    await Promise.all(runners.map((r) => r.stop()));
  }
}
