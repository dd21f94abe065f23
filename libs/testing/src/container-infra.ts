import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { PLAINTEXT } from '@carebus/kafka';
import type { Infra } from './infra-env';
import { repoRoot } from './repo-root';

export interface ContainerInfra extends Infra {
  stop(): Promise<void>;
}

/** Kafka and PostgreSQL in testcontainers, for machines where a Docker engine answers. */
export async function startContainerInfra(): Promise<ContainerInfra> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const [kafka, postgres] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().withExposedPorts(9093).start(),
    new PostgreSqlContainer('postgres:15').withUsername('postgres').withPassword('postgres').start(),
  ]);
  const adminUrl = postgres.getConnectionUri().replace(/\/[^/]*$/, '/postgres');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(readFileSync(join(repoRoot(), 'deploy/local/postgres/roles.sql'), 'utf8'));
  await client.end();
  return {
    kafkaBrokers: [`${kafka.getHost()}:${kafka.getMappedPort(9093)}`],
    // The container's listener is plaintext: this path does not test TLS, SASL or ACLs.
    kafkaSecurity: PLAINTEXT,
    postgresAdminUrl: adminUrl,
    mode: 'containers',
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}
