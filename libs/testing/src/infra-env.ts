/** Where tests find the shared infrastructure; set once by the jest global setup. */
export const INFRA_ENV = {
  kafkaBrokers: 'CAREBUS_TEST_KAFKA_BROKERS',
  postgresAdminUrl: 'CAREBUS_TEST_POSTGRES_URL',
  mode: 'CAREBUS_TEST_INFRA_MODE',
} as const;

export interface Infra {
  kafkaBrokers: string[];
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
    postgresAdminUrl: url,
    mode: (env[INFRA_ENV.mode] as Infra['mode']) ?? 'external',
  };
}
