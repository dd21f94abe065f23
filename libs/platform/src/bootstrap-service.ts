import type { DynamicModule, INestApplication } from '@nestjs/common';
import { createServiceApp } from './create-service-app';
import { runMigrations } from './run-migrations';
import { runService } from './run-service';
import type { DatabaseParts } from './database-options';
import { assertServiceConfig, type ServiceConfig } from './service-env';
import { ConfigError } from '@carebus/config';

/** `main.js` of a service: load config (fail fast), build the app, listen, shut down gracefully. */
export function bootstrapService<C extends ServiceConfig>(
  serviceName: string,
  loadConfig: () => C,
  appModule: (config: C) => DynamicModule,
  configureApp?: (app: INestApplication, config: C) => void | Promise<void>,
): Promise<void> {
  return runService(serviceName, async () => {
    const config = loadConfig();
    assertServiceConfig(config);
    const app = await createServiceApp(appModule(config), {
      serviceName,
      ...(configureApp ? { configure: (app: INestApplication) => configureApp(app, config) } : {}),
    });
    return { app, port: config.HTTP_PORT, shutdownGraceMs: config.SHUTDOWN_GRACE_MS };
  });
}

/** `migrate.js` of a service: apply pending migrations as the schema owner, print them, exit. */
export async function migrateService<C extends ServiceConfig>(
  serviceName: string,
  loadConfig: () => C,
  parts: Omit<DatabaseParts, 'serviceName'>,
): Promise<void> {
  try {
    const applied = await runMigrations(loadConfig(), { ...parts, serviceName });
    process.stdout.write(
      `[${serviceName}] migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}\n`,
    );
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`[${serviceName}] migration failed: ${message}\n`);
    process.exitCode = error instanceof ConfigError ? 78 : 1;
  }
}
