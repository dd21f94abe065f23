import { kafkaSecurityEnv, kafkaSecurityFromEnv, type KafkaSecurity } from '@carebus/kafka';

/**
 * Where tests find the shared infrastructure; set once by the jest global setup. The broker's
 * security settings follow CAREBUS_TEST_ (CAREBUS_TEST_KAFKA_TLS, _TLS_CA_FILE, _SASL_USERNAME,
 * _SASL_PASSWORD, _SASL_MECHANISM: the test principal of deploy/kafka/acls.json locally).
 */
export const INFRA_ENV = {
  kafkaBrokers: 'CAREBUS_TEST_KAFKA_BROKERS',
  kafkaSecurityPrefix: 'CAREBUS_TEST_',
  postgresAdminUrl: 'CAREBUS_TEST_POSTGRES_URL',
  mode: 'CAREBUS_TEST_INFRA_MODE',
} as const;

export interface Infra {
  kafkaBrokers: string[];
  /** TLS and SASL of the tests' principal; `{ tls: false }` on a plaintext broker. */
  kafkaSecurity: KafkaSecurity;
  /** Superuser URL of the test cluster (database `postgres`); tests create their own databases. */
  postgresAdminUrl: string;
  mode: 'external' | 'containers' | 'local';
}

export function infraFromEnv(env: NodeJS.ProcessEnv = process.env): Infra {
  const brokers = env[INFRA_ENV.kafkaBrokers];
  const url = env[INFRA_ENV.postgresAdminUrl];
  if (!brokers || !url) {
    throw new Error(
      `${INFRA_ENV.kafkaBrokers} and ${INFRA_ENV.postgresAdminUrl} are not set: run integration tests through ` +
        'jest --selectProjects integration (its global setup starts Kafka and PostgreSQL).',
    );
  }
  return {
    kafkaBrokers: brokers.split(','),
    kafkaSecurity: kafkaSecurityFromEnv(env, INFRA_ENV.kafkaSecurityPrefix),
    postgresAdminUrl: url,
    mode: (env[INFRA_ENV.mode] as Infra['mode']) ?? 'external',
  };
}

/** The Kafka variables of a service or child process on the tests' broker, as the tests' principal. */
export function testKafkaEnv(infra: Infra = infraFromEnv()): Record<string, string> {
  return { KAFKA_BROKERS: infra.kafkaBrokers.join(','), ...kafkaSecurityEnv(infra.kafkaSecurity) };
}

/** The CAREBUS_TEST_ variables of an infra, for the global setup to hand to every test file. */
export function infraEnv(infra: Omit<Infra, 'mode'>): Record<string, string> {
  return {
    [INFRA_ENV.kafkaBrokers]: infra.kafkaBrokers.join(','),
    ...kafkaSecurityEnv(infra.kafkaSecurity, INFRA_ENV.kafkaSecurityPrefix),
    [INFRA_ENV.postgresAdminUrl]: infra.postgresAdminUrl,
  };
}
