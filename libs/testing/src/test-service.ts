import type { DynamicModule, INestApplication } from '@nestjs/common';
import { DevIssuer } from '@carebus/auth';
import { createServiceApp, runMigrations, type DatabaseParts, type ServiceConfig } from '@carebus/platform';
import { infraFromEnv, testKafkaEnv } from './infra-env';
import { TcpProxy } from './tcp-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface ServiceUnderTest<C extends ServiceConfig> {
  name: string;
  schema: string;
  loadConfig: (env: NodeJS.ProcessEnv) => C;
  appModule: (config: C) => DynamicModule;
  database: Omit<DatabaseParts, 'serviceName' | 'schema'>;
  /** Extra set-up of the built app (e.g. connecting a gRPC transport), as the service's main does. */
  configureApp?: (app: INestApplication, config: C) => void | Promise<void>;
  /**
   * Variables that keep a test instance off what a running backbone on this machine (`npm start`)
   * uses: free ports instead of the service's default ones, topics of its own instead of the ones
   * the real services consume, and its own consumer groups. Called once per instance (in-process
   * or spawned), so no two instances share them; a test's own `env` still wins.
   */
  isolatedEnv?: () => Record<string, string> | Promise<Record<string, string>>;
}

export interface TestService {
  app: INestApplication;
  url: string;
  issuer: DevIssuer;
  db: TestDatabase;
  /** The service reaches PostgreSQL through this proxy, so a test can cut it off. */
  dbProxy: TcpProxy;
  close(): Promise<void>;
}

/**
 * A service running in-process against its own fresh database (migrated as the schema owner,
 * served as the app role), the shared Kafka broker and a dev token issuer on a random port.
 */
export async function startTestService<C extends ServiceConfig>(
  service: ServiceUnderTest<C>,
  env: NodeJS.ProcessEnv = {},
): Promise<TestService> {
  const infra = infraFromEnv();
  const db = await createTestDatabase();
  const pg = new URL(infra.postgresAdminUrl);
  const dbProxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
  await dbProxy.start(0);
  const issuer = await DevIssuer.start({ port: 0 });
  const viaProxy = new URL(db.url(`carebus_${service.schema}_app`));
  viaProxy.port = String(dbProxy.port);
  viaProxy.hostname = '127.0.0.1';
  const config = service.loadConfig({
    DATABASE_URL: viaProxy.toString(),
    DATABASE_MIGRATION_URL: db.url(`carebus_${service.schema}`),
    ...testKafkaEnv(infra),
    AUTH_ISSUER: issuer.issuer,
    AUTH_JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'warn',
    ...(await service.isolatedEnv?.()),
    ...env,
  });
  await runMigrations(config, { ...service.database, schema: service.schema, serviceName: service.name });
  const configure = service.configureApp;
  const app = await createServiceApp(service.appModule(config), {
    serviceName: service.name,
    ...(configure ? { configure: (built: INestApplication) => configure(built, config) } : {}),
  });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    url: url.replace('[::1]', '127.0.0.1'),
    issuer,
    db,
    dbProxy,
    close: async () => {
      await app.close();
      await issuer.stop();
      await dbProxy.stop();
      await db.drop();
    },
  };
}
