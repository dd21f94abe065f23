import { randomBytes } from 'node:crypto';
import { TOPICS } from '@carebus/contracts';
import { createTopics, freePort, newTopicSuffix, testKafka, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { connectPortalGrpc } from '../src/portal/portal-grpc-transport';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type MessagingConfig } from '../src/service';

/** A fresh 32-byte key in base64, as an operator's Secret would hold one. */
export const newKek = (): string => randomBytes(32).toString('base64');

/**
 * Topics, consumer groups, a national-id key ring and a journal-note ring of its own per instance: nothing shared with
 * `npm start`'s services or another test.
 */
export function isolatedMessagingEnv(): Record<string, string> {
  const run = `test.${newTopicSuffix()}`;
  return {
    MESSAGING_NATIONAL_ID_KEYS: `v1:${randomBytes(32).toString('base64')}`,
    MESSAGING_REACHABILITY_TOPIC: `${run}.messaging.patient_reachability.v1`,
    MESSAGING_PORTAL_MESSAGE_TOPIC: `${run}.notifications.portal_message.v1`,
    MESSAGING_PORTAL_CONSUMER_GROUP: `${run.replace(/\./g, '-')}-messaging-portal`,
    MESSAGING_CONSUMER_GROUP: `messaging-${newTopicSuffix()}`,
    MESSAGING_PRACTITIONER_TOPIC: `${run}.${TOPICS.schedulingPractitioner}`,
    MESSAGING_PATIENT_TOPIC: `${run}.${TOPICS.schedulingPatient}`,
    MESSAGING_APPOINTMENT_TOPIC: `${run}.${TOPICS.schedulingAppointment}`,
    MESSAGING_FILING_ANSWER_TOPIC: `${run}.${TOPICS.ehrSyncJournalEntry}`,
    MESSAGING_JOURNAL_ENTRY_TOPIC: `${run}.${TOPICS.messagingJournalEntry}`,
    MESSAGING_DIALOGUE_TOPIC: `${run}.${TOPICS.messagingDialogue}`,
    CAREBUS_JOURNAL_NOTE_KEYS: `v1:${newKek()}`,
    MESSAGING_KEKS: `v1:${newKek()}`,
  };
}

/** Creates the topics an instance with `env` consumes, so its consumers find them at start. */
export async function provisionMessagingTopics(env: Record<string, string>): Promise<void> {
  const names = [
    'MESSAGING_PRACTITIONER_TOPIC',
    'MESSAGING_PATIENT_TOPIC',
    'MESSAGING_APPOINTMENT_TOPIC',
    'MESSAGING_FILING_ANSWER_TOPIC',
  ];
  await createTopics(
    testKafka(),
    names.map((n) => env[n]!),
  );
}

/** The messaging service as `startTestService` and the conformance tests run it. */
export const MESSAGING_UNDER_TEST: ServiceUnderTest<MessagingConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  // The partner gRPC API, as main.ts connects it (on the instance's own port, loopback only).
  configureApp: (app, config) => connectPortalGrpc(app, config.GRPC_PORT, '127.0.0.1'),
  isolatedEnv: async () => {
    const env = isolatedMessagingEnv();
    await provisionMessagingTopics(env);
    // A process of its own binds its own partner gRPC port (replicas side by side, beside npm start).
    return { ...env, GRPC_PORT: String(await freePort()) };
  },
};
