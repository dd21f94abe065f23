import type { DataSourceOptions } from 'typeorm';
import type { ServiceConfig } from './service-env';

export interface DatabaseParts {
  serviceName: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}

/**
 * TypeORM options for a service's own schema. `synchronize` is always off: the schema changes
 * only through reviewed migrations. Short connect timeouts keep readiness checks honest.
 */
export function databaseOptions(
  config: Pick<ServiceConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_POOL_SIZE'>,
  parts: DatabaseParts,
  url = config.DATABASE_URL,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: config.DATABASE_SCHEMA,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: parts.serviceName,
    extra: {
      max: config.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      options: `-c search_path=${config.DATABASE_SCHEMA}`,
    },
  };
}
