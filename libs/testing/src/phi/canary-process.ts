import { DevIssuer } from '@carebus/auth';
import { runMigrations, type ServiceConfig } from '@carebus/platform';
import { freePort } from '../free-port';
import { infraFromEnv, testKafkaEnv } from '../infra-env';
import { builtServiceMain, ServiceProcess } from '../service-process';
import { TcpProxy } from '../tcp-proxy';
import { createTestDatabase, type TestDatabase } from '../test-database';
import type { ServiceUnderTest } from '../test-service';

/** A service's built main.js as production runs it, with the parts a canary run watches or breaks. */
export interface CanaryProcess {
  child: ServiceProcess;
  db: TestDatabase;
  /** Between the service and PostgreSQL, so a run can cut its connections. */
  proxy: TcpProxy;
  issuer: DevIssuer;
  /** The process's environment: its own topics, groups and ports. */
  env: Record<string, string>;
  /** Stops the process (if still running) and removes what was started for it. */
  stop(): Promise<void>;
}

/**
 * Migrates a fresh database, then starts the service at `LOG_LEVEL=debug` (as an operator may set
 * it during an incident: patient data must stay out at every level), exporting its spans to
 * `otlpEndpoint` within 100 ms of their end.
 */
export async function startCanaryProcess<C extends ServiceConfig>(
  service: ServiceUnderTest<C>,
  extraEnv: Record<string, string>,
  otlpEndpoint: string,
): Promise<CanaryProcess> {
  const infra = infraFromEnv();
  const db = await createTestDatabase();
  const pg = new URL(infra.postgresAdminUrl);
  const proxy = new TcpProxy(pg.hostname, Number(pg.port || 5432));
  await proxy.start(0);
  const issuer = await DevIssuer.start({ port: 0 });
  const stopParts = async () => {
    await issuer.stop();
    await proxy.stop();
    await db.drop();
  };
  try {
    const viaProxy = new URL(db.url(`carebus_${service.schema}_app`));
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const env: Record<string, string> = {
      ...(await service.isolatedEnv?.()),
      ...extraEnv,
      DATABASE_URL: viaProxy.toString(),
      ...testKafkaEnv(infra),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    const owner = { DATABASE_URL: db.url(`carebus_${service.schema}`), DATABASE_POOL_SIZE: 1 };
    await runMigrations(owner, { ...service.database, schema: service.schema, serviceName: service.name });
    const child = await ServiceProcess.start(builtServiceMain(service.name), await freePort(), env);
    return {
      child,
      db,
      proxy,
      issuer,
      env,
      stop: async () => {
        await child.stop();
        await stopParts();
      },
    };
  } catch (error) {
    await stopParts();
    throw error;
  }
}
