import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createKafkaClient, logLevel, type KafkaSecurity } from '@carebus/kafka';
import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@carebus/observability';
import { Inbox } from './inbox';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import type { RelayTimeouts } from './relay-timeouts';

export interface OutboxModuleOptions {
  schema: string;
  /** CloudEvents source, e.g. `/carebus/scheduling`. */
  source: string;
  databaseUrl: string;
  kafkaBrokers: string[];
  kafkaSecurity: KafkaSecurity;
  kafkaClientId: string;
  /** Run the relay in this process (default true); a deployment may run it as its own replica set. */
  relay?: boolean;
  batchSize?: number;
  retentionHours?: number;
  /** Bounds on a dead or half-open relay connection (defaults: DEFAULT_RELAY_TIMEOUTS). */
  relayTimeouts?: Partial<RelayTimeouts>;
}

const OPTIONS = Symbol('OUTBOX_OPTIONS');

/** Starts the relay with the application and stops it (finishing its batch) on shutdown. */
@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: OutboxRelay | undefined;
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @Inject(OPTIONS) private readonly options: OutboxModuleOptions,
    private readonly metrics: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.relay === false) return;
    const kafka = createKafkaClient({
      clientId: `${this.options.kafkaClientId}-relay`,
      brokers: this.options.kafkaBrokers,
      security: this.options.kafkaSecurity,
      logLevel: logLevel.ERROR,
      nestLogger: true,
    });
    this.relay = new OutboxRelay({
      connectionString: this.options.databaseUrl,
      schema: this.options.schema,
      kafka,
      metrics: this.metrics.registry,
      ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
      ...(this.options.retentionHours ? { retentionHours: this.options.retentionHours } : {}),
      ...(this.options.relayTimeouts ? { timeouts: this.options.relayTimeouts } : {}),
      logger: {
        info: (msg, fields) => this.logger.log({ ...fields, msg }),
        warn: (msg, fields) => this.logger.warn({ ...fields, msg }),
      },
    });
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/** The outbox (write events with state changes), the inbox (exactly-once effects) and the relay. */
@Module({})
export class OutboxModule {
  static forRoot(options: OutboxModuleOptions): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: Outbox, useValue: new Outbox({ schema: options.schema, source: options.source }) },
        { provide: Inbox, useValue: new Inbox(options.schema) },
        OutboxRelayLifecycle,
      ],
      exports: [Outbox, Inbox],
    };
  }
}
