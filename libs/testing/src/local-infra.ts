import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Infra } from './infra-env';
import { repoRoot } from './repo-root';

/**
 * The machine's own processes: a KRaft broker from deploy/local/kafka.sh and the PostgreSQL
 * cluster ensured by deploy/local/postgres.sh. Both scripts are idempotent and reuse what runs.
 */
export function startLocalInfra(): Infra {
  const root = repoRoot();
  const run = (script: string, arg: string) =>
    execFileSync('bash', [join(root, 'deploy/local', script), arg], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  run('kafka.sh', 'start');
  run('postgres.sh', 'ensure');
  const port = process.env.CAREBUS_KAFKA_PORT ?? '9092';
  const pgPort = process.env.PGPORT ?? '5432';
  return {
    kafkaBrokers: [`127.0.0.1:${port}`],
    postgresAdminUrl: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
    mode: 'local',
  };
}
