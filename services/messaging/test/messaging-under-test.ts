import { randomBytes } from 'node:crypto';
import { newTopicSuffix, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type MessagingConfig } from '../src/service';

/**
 * Topics and a consumer group of its own (not the ones `npm start`'s services use) and a national
 * id key of its own: no key material is shared between instances or written in code.
 */
export function isolatedMessagingEnv(): Record<string, string> {
  const suffix = newTopicSuffix();
  return {
    MESSAGING_NATIONAL_ID_KEY: randomBytes(32).toString('base64'),
    MESSAGING_REACHABILITY_TOPIC: `test.${suffix}.messaging.patient_reachability.v1`,
    MESSAGING_PORTAL_MESSAGE_TOPIC: `test.${suffix}.notifications.portal_message.v1`,
    MESSAGING_PORTAL_CONSUMER_GROUP: `test-${suffix}-messaging-portal`,
  };
}

/** The messaging service as `startTestService` and the conformance tests run it. */
export const MESSAGING_UNDER_TEST: ServiceUnderTest<MessagingConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  isolatedEnv: isolatedMessagingEnv,
};
