import { Module, type DynamicModule } from '@nestjs/common';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditReason, createAuditTrail } from '@carebus/audit';
import { loadConfig } from '@carebus/config';
import { createOutboxTables } from '@carebus/outbox';
import { createTenantBase, PlatformModule, serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { startTestService, type TestService } from './test-service';

/** The schema a platform-only service runs on (a fresh test database has every service's). */
const PLATFORM_ONLY = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

class PlatformOnlySchema1767200000001 implements MigrationInterface {
  name = 'PlatformOnlySchema1767200000001';

  async up(q: QueryRunner): Promise<void> {
    await createTenantBase(q, PLATFORM_ONLY.schema);
    await createOutboxTables(q, PLATFORM_ONLY.schema);
    await createAuditTrail(q, PLATFORM_ONLY.schema);
    await addAuditReason(q, PLATFORM_ONLY.schema);
  }

  async down(): Promise<void> {}
}

@Module({})
class PlatformOnlyApp {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: PlatformOnlyApp,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: PLATFORM_ONLY.name,
          schema: PLATFORM_ONLY.schema,
          entities: [],
          migrations: [PlatformOnlySchema1767200000001],
        }),
      ],
    };
  }
}

/**
 * A service with nothing but what the platform gives every service (auth, audit trail, outbox,
 * the dead-letter admin API, health), on the `messaging` schema of its own test database: for
 * tests of those shared parts without a service's features. Its audit rows are in
 * `messaging.audit_log`.
 */
export function startPlatformTestService(env: NodeJS.ProcessEnv = {}): Promise<TestService> {
  return startTestService(
    {
      ...PLATFORM_ONLY,
      loadConfig: (vars) => loadConfig(serviceEnvSchema(PLATFORM_ONLY), vars),
      appModule: (config) => PlatformOnlyApp.forRoot(config),
      database: { entities: [], migrations: [PlatformOnlySchema1767200000001] },
    },
    env,
  );
}
