import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { createKafkaClient, logLevel, type Kafka } from '@carebus/kafka';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { ConsumerRunnerHost } from './consumer-runner-host';
import { DeadLetterAdmin } from './dead-letter-admin';
import { DeadLettersController } from './dead-letters.controller';
import { EventHandlerExplorer } from './event-handler-explorer';
import { KAFKA_CLIENT, KAFKA_MESSAGING_OPTIONS, type KafkaMessagingOptions } from './kafka-messaging-options';

export interface KafkaMessagingAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  useFactory: (
    ...args: never[]
  ) => Omit<KafkaMessagingOptions, 'adminApi'> | Promise<Omit<KafkaMessagingOptions, 'adminApi'>>;
  /** Decides which controllers exist, so it cannot come from the factory. */
  adminApi?: boolean;
}

/**
 * Runs the app's `@EventHandler` methods on ConsumerRunners (not on @nestjs/microservices'
 * Kafka transport; docs/messaging.md says why) and, with `adminApi`, serves the dead-letter API
 * (which needs the app's AuditTrail, `AuditModule`).
 */
@Module({})
export class KafkaMessagingModule {
  static forRoot(options: KafkaMessagingOptions): DynamicModule {
    return KafkaMessagingModule.build(
      { provide: KAFKA_MESSAGING_OPTIONS, useValue: options },
      options.adminApi,
    );
  }

  static forRootAsync(options: KafkaMessagingAsyncOptions): DynamicModule {
    const provider: Provider = {
      provide: KAFKA_MESSAGING_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    };
    const module = KafkaMessagingModule.build(provider, options.adminApi);
    return { ...module, imports: [...(module.imports ?? []), ...(options.imports ?? [])] };
  }

  private static build(optionsProvider: Provider, adminApi = false): DynamicModule {
    return {
      module: KafkaMessagingModule,
      imports: [DiscoveryModule],
      controllers: adminApi ? [DeadLettersController] : [],
      providers: [
        optionsProvider,
        {
          provide: KAFKA_CLIENT,
          useFactory: ({ clientId, brokers, security }: KafkaMessagingOptions) =>
            createKafkaClient({ clientId, brokers, security, logLevel: logLevel.WARN, nestLogger: true }),
          inject: [KAFKA_MESSAGING_OPTIONS],
        },
        {
          provide: DeadLetterStore,
          useFactory: (kafka: Kafka) => new DeadLetterStore(kafka),
          inject: [KAFKA_CLIENT],
        },
        EventHandlerExplorer,
        ConsumerRunnerHost,
        // The admin API's rules; it writes the audit trail, so the app provides AuditTrail.
        ...(adminApi ? [DeadLetterAdmin] : []),
      ],
      exports: [KAFKA_CLIENT, DeadLetterStore],
    };
  }
}
