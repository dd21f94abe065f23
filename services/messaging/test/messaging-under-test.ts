import type { ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type MessagingConfig } from '../src/service';

/** The messaging service as `startTestService` and the conformance tests run it. */
export const MESSAGING_UNDER_TEST: ServiceUnderTest<MessagingConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
};
