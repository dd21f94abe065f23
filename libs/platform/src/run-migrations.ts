import { DataSource } from 'typeorm';
import { databaseOptions, type DatabaseParts } from './database-options';
import type { ServiceConfig } from './service-env';

/**
 * Applies a service's pending migrations as the schema owner (DATABASE_MIGRATION_URL), each in
 * its own transaction. Used by `migrate.js` (the Helm pre-upgrade Job) and by tests.
 */
export async function runMigrations(
  config: Pick<ServiceConfig, 'DATABASE_URL' | 'DATABASE_MIGRATION_URL' | 'DATABASE_POOL_SIZE'>,
  parts: DatabaseParts,
): Promise<string[]> {
  const url = config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL;
  const dataSource = new DataSource({
    ...databaseOptions({ ...config, DATABASE_POOL_SIZE: 1 }, parts, url),
    entities: [],
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
