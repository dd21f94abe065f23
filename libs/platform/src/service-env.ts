import { z } from 'zod';
import { ConfigError, env } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { kafkaSecurityProblems, type KafkaSecurity } from '@carebus/kafka';

export interface ServiceDefaults {
  name: string;
  httpPort: number;
}

/** The environment every Carebus service reads; a service extends it with its own variables. */
export function serviceEnvSchema(defaults: ServiceDefaults) {
  return z.object({
    /** `production` turns on the production-only rules (serviceConfigProblems, a service's own). */
    NODE_ENV: z.string().optional(),
    HTTP_PORT: env.port(defaults.httpPort),
    DATABASE_URL: env.postgresUrl(),
    DATABASE_MIGRATION_URL: env.postgresUrl().optional(),
    DATABASE_POOL_SIZE: env.positiveInt(10),
    /** How long a request waits for a pooled connection under load before it gets a 503. */
    DATABASE_ACQUIRE_TIMEOUT_MS: env.positiveInt(10_000),
    KAFKA_BROKERS: env.csv(),
    KAFKA_CLIENT_ID: z.string().min(1).default(defaults.name),
    /** TLS to the brokers (SASL_SSL with a login below); required in production. */
    KAFKA_TLS: env.flag(false),
    /** PEM bundle of the CA that signed the brokers' certificates (Strimzi's cluster CA); system CAs without it. */
    KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
    KAFKA_SASL_MECHANISM: z.enum(['scram-sha-512', 'scram-sha-256']).default('scram-sha-512'),
    /** The service's Kafka principal (its KafkaUser) and password, both or neither; required in production. */
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    /** For event topics this service creates when they are missing (see EventTopicsProvisioner). */
    KAFKA_TOPIC_PARTITIONS: env.positiveInt(6),
    KAFKA_TOPIC_REPLICATION_FACTOR: env.positiveInt(1),
    /** Default 7 days: consumers down for longer than that replay from the source, not from Kafka. */
    KAFKA_TOPIC_RETENTION_MS: env.positiveInt(7 * 24 * 3600 * 1000),
    AUTH_JWKS_URL: env.url(),
    AUTH_ISSUER: z.string().min(1),
    AUTH_AUDIENCE: z.string().min(1).default('carebus'),
    LOG_LEVEL: env.logLevel(),
    OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalUrl(),
    SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
    /** Run the outbox relay in this process; off where a separate relay deployment runs it. */
    OUTBOX_RELAY_ENABLED: env.flag(true),
    /** Chain audit rows behind the writes (libs/audit); off only to measure what sealing costs. */
    AUDIT_SEALING_ENABLED: env.flag(true),
    /** How often the audit sealer chains new rows: the unsealed window is about this long. */
    AUDIT_SEAL_INTERVAL_MS: env.positiveInt(1_000),
    /** How often audit chain heads are anchored (table and `audit.anchor.v1`). */
    AUDIT_ANCHOR_INTERVAL_MS: env.positiveInt(30_000),
    /** Where the service publishes its patient access events, and where scheduling reads them. */
    AUDIT_PATIENT_ACCESS_TOPIC: z.string().min(1).default(TOPICS.auditPatientAccess),
  });
}

export type ServiceConfig = z.infer<ReturnType<typeof serviceEnvSchema>>;

/** The Kafka client settings of a service's config. */
export function kafkaSecurityOf(config: ServiceConfig): KafkaSecurity {
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = config;
  return {
    tls: config.KAFKA_TLS,
    ...(config.KAFKA_TLS_CA_FILE ? { caFile: config.KAFKA_TLS_CA_FILE } : {}),
    ...(username || password
      ? {
          sasl: {
            mechanism: config.KAFKA_SASL_MECHANISM,
            username: username ?? '',
            password: password ?? '',
          },
        }
      : {}),
  };
}

/**
 * Rules across variables, which main.js checks after the schema: the Kafka login in pairs and a
 * readable CA file, and in production (NODE_ENV=production) TLS and a login to the brokers, so a
 * pod never talks to Kafka in the clear or as nobody.
 */
export function serviceConfigProblems(config: ServiceConfig): string[] {
  const problems = kafkaSecurityProblems(kafkaSecurityOf(config));
  if (config.NODE_ENV === 'production') {
    if (!config.KAFKA_TLS) problems.push('KAFKA_TLS: must be true when NODE_ENV=production');
    for (const name of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (!config[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  }
  return [...new Set(problems)];
}

/** Throws the ConfigError (exit 78) that names every problem serviceConfigProblems finds. */
export function assertServiceConfig(config: ServiceConfig): void {
  const problems = serviceConfigProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
}
