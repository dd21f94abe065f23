import type { DataSourceOptions } from 'typeorm';
import type { ServiceConfig } from './service-env';

export interface DatabaseParts {
  serviceName: string;
  /**
   * The service's own schema, fixed in code: its reviewed migrations name it, so it is no setting.
   * Connections start with it as their search_path.
   */
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}

/**
 * TypeORM options for a service's own schema. `synchronize` is always off: the schema changes
 * only through reviewed migrations. A burst of requests queues for a pooled connection up to
 * DATABASE_ACQUIRE_TIMEOUT_MS, then fails as 503 `service.database_busy` (see translateError).
 */
export function databaseOptions(
  config: Pick<ServiceConfig, 'DATABASE_URL' | 'DATABASE_POOL_SIZE'> &
    Partial<Pick<ServiceConfig, 'DATABASE_ACQUIRE_TIMEOUT_MS'>>,
  parts: DatabaseParts,
  url = config.DATABASE_URL,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: parts.schema,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: parts.serviceName,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: config.DATABASE_ACQUIRE_TIMEOUT_MS ?? 10_000,
      idleTimeoutMillis: 30_000,
      options: `-c search_path=${parts.schema}`,
    },
  };
}
