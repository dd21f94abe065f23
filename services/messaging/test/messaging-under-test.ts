import { randomBytes } from 'node:crypto';
import type { ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type MessagingConfig } from '../src/service';

/** A fresh 32-byte key in base64, as an operator's Secret would hold one. */
export const newKek = (): string => randomBytes(32).toString('base64');

/** KEKs of its own per instance (attachments): no key material is shared between instances or written in code. */
export function isolatedMessagingEnv(): Record<string, string> {
  return { MESSAGING_KEKS: `v1:${newKek()}` };
}

/** The messaging service as `startTestService` and the conformance tests run it. */
export const MESSAGING_UNDER_TEST: ServiceUnderTest<MessagingConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  isolatedEnv: isolatedMessagingEnv,
};
