import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@carebus/audit';
import { AuthModule } from '@carebus/auth';
import { TOPICS } from '@carebus/contracts';
import { KafkaMessagingModule } from '@carebus/messaging-kafka';
import { OutboxModule } from '@carebus/outbox';
import { CONSTRAINT_ERRORS, TenantScope, type ConstraintErrors } from '@carebus/persistence';
import { createLoggerModule, HttpMetricsMiddleware, MetricsRegistry } from '@carebus/observability';
import { MetricsController } from './metrics.controller';
import { databaseOptions, type DatabaseParts } from './database-options';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { kafkaSecurityOf, type ServiceConfig } from './service-env';
import { CLOCK, systemClock, type Clock } from './clock';
import { ShutdownState } from './shutdown-state';
import { EventTopicsProvisioner } from './event-topics.provisioner';
import { EVENT_TOPICS, SERVICE_CONFIG, SERVICE_SCHEMA } from './tokens';
import { DatabaseRoleCheck } from './database-role.check';

export interface PlatformOptions extends DatabaseParts {
  config: ServiceConfig;
  /** Event topics this service publishes to or reads from; created at start when missing. */
  eventTopics?: readonly string[];
  /** The service's constraint → domain error table (`<service>.errors.ts`), used by TenantScope. */
  constraintErrors?: ConstraintErrors;
  /** The service's clock (CLOCK); the system clock unless a test brings its own. */
  clock?: Clock;
}

/**
 * What every service gets from the platform: validated config, pino logging, JWT auth,
 * its TypeORM data source with the TenantScope that opens its transactions, its clock, its event topics, the outbox/inbox with its relay, the audit trail with its sealer, the Kafka consumer runner for its
 * @EventHandler methods with the dead-letter admin API, health and metrics endpoints.
 * A service imports this once.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        createLoggerModule({ serviceName: options.serviceName, level: config.LOG_LEVEL }),
        AuthModule.forRoot({
          jwksUrl: config.AUTH_JWKS_URL,
          issuer: config.AUTH_ISSUER,
          audience: config.AUTH_AUDIENCE,
        }),
        TypeOrmModule.forRoot({ ...databaseOptions(config, options), retryAttempts: 5, retryDelay: 2_000 }),
        TerminusModule.forRoot({ logger: false }),
        OutboxModule.forRoot({
          schema: options.schema,
          source: `/carebus/${options.serviceName}`,
          databaseUrl: config.DATABASE_URL,
          kafkaBrokers: config.KAFKA_BROKERS,
          kafkaSecurity: kafkaSecurityOf(config),
          kafkaClientId: config.KAFKA_CLIENT_ID,
          relay: config.OUTBOX_RELAY_ENABLED,
        }),
        // The audit trail every feature that touches patient data writes, and its sealer.
        AuditModule.forRoot({
          schema: options.schema,
          service: options.serviceName,
          sealing: config.AUDIT_SEALING_ENABLED,
          sealIntervalMs: config.AUDIT_SEAL_INTERVAL_MS,
          anchorIntervalMs: config.AUDIT_ANCHOR_INTERVAL_MS,
          patientAccessTopic: config.AUDIT_PATIENT_ACCESS_TOPIC,
        }),
        // Runs the service's @EventHandler methods; operators reach dead letters on any service.
        KafkaMessagingModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          security: kafkaSecurityOf(config),
          clientId: config.KAFKA_CLIENT_ID,
          inboxSchema: options.schema,
          constraintErrors: options.constraintErrors ?? {},
          adminApi: true,
          // A handler may take its topic or group from the service's config (tests use their own).
          config,
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: SERVICE_SCHEMA, useValue: options.schema },
        // Before the service serves: it connects as its app role, never as the owner (exit 78).
        DatabaseRoleCheck,
        { provide: CONSTRAINT_ERRORS, useValue: options.constraintErrors ?? {} },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        TenantScope,
        // Every service's audit trail publishes access events and chain anchors.
        {
          provide: EVENT_TOPICS,
          useValue: [...(options.eventTopics ?? []), config.AUDIT_PATIENT_ACCESS_TOPIC, TOPICS.auditAnchor],
        },
        EventTopicsProvisioner,
        MetricsRegistry,
        HttpMetricsMiddleware,
        KafkaHealthIndicator,
        ShutdownState,
      ],
      // KafkaMessagingModule: its Kafka client (KAFKA_CLIENT) for a service's own runners.
      exports: [SERVICE_CONFIG, CLOCK, TenantScope, MetricsRegistry, ShutdownState, KafkaMessagingModule],
    };
  }
}
