import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { kafkaSecurityFromEnv } from '@carebus/kafka';
import type { Infra } from './infra-env';
import { repoRoot } from './repo-root';

/**
 * The machine's own processes: a KRaft broker from deploy/local/kafka.sh and the PostgreSQL
 * cluster ensured by deploy/local/postgres.sh. Both scripts are idempotent and reuse what runs.
 * Tests reach the broker as kafka.sh's `test` principal (TLS and SCRAM on a secured broker).
 */
export function startLocalInfra(): Infra {
  const root = repoRoot();
  const run = (script: string, ...args: string[]) =>
    execFileSync('bash', [join(root, 'deploy/local', script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
  run('kafka.sh', 'start');
  run('postgres.sh', 'ensure');
  const client = Object.fromEntries(
    run('kafka.sh', 'client-env', 'test')
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const pgPort = process.env.PGPORT ?? '5432';
  return {
    kafkaBrokers: client.KAFKA_BROKERS.split(','),
    kafkaSecurity: kafkaSecurityFromEnv(client),
    postgresAdminUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
    mode: 'local',
  };
}
