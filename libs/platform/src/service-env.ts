import { z } from 'zod';
import { env } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';

export interface ServiceDefaults {
  name: string;
  httpPort: number;
}

/** The environment every Carebus service reads; a service extends it with its own variables. */
export function serviceEnvSchema(defaults: ServiceDefaults) {
  return z.object({
    HTTP_PORT: env.port(defaults.httpPort),
    DATABASE_URL: env.postgresUrl(),
    DATABASE_MIGRATION_URL: env.postgresUrl().optional(),
    DATABASE_POOL_SIZE: env.positiveInt(10),
    /** How long a request waits for a pooled connection under load before it gets a 503. */
    DATABASE_ACQUIRE_TIMEOUT_MS: env.positiveInt(10_000),
    KAFKA_BROKERS: env.csv(),
    KAFKA_CLIENT_ID: z.string().min(1).default(defaults.name),
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
