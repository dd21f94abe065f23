import { randomBytes } from 'node:crypto';
import { createTopics, freePort, newTopicSuffix, testKafka, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type EhrSyncConfig } from '../src/service';

/** A fresh 32-byte key in base64, as an operator's Secret would hold one. */
export const newKek = (): string => randomBytes(32).toString('base64');

/**
 * Its own alert, appointment and reference topics and consumer groups (not the ones `npm start`'s
 * services use) and KEKs of its own: no key material is shared between instances or written in code.
 */
export async function isolatedEhrSyncEnv(): Promise<Record<string, string>> {
  const suffix = newTopicSuffix();
  const topic = (name: string) => `test.${suffix}.${name}`;
  const reference = {
    EHR_SYNC_CLINIC_TOPIC: topic('scheduling.clinic.v1'),
    EHR_SYNC_CALENDAR_TOPIC: topic('scheduling.calendar.v1'),
    EHR_SYNC_PRACTITIONER_TOPIC: topic('scheduling.practitioner.v1'),
    EHR_SYNC_APPOINTMENT_TYPE_TOPIC: topic('scheduling.appointment_type.v1'),
  };
  await createTopics(testKafka(), Object.values(reference), 1);
  return {
    // A process of its own binds its own push gRPC port (replicas side by side).
    GRPC_PORT: String(await freePort()),
    EHR_SYNC_KEKS: `v1:${newKek()}`,
    EHR_SYNC_ALERT_TOPIC: topic('ehrsync.alert.v1'),
    EHR_SYNC_APPOINTMENT_TOPIC: topic('ehrsync.appointment.v1'),
    EHR_SYNC_CONSUMER_GROUP: `ehr-sync-${suffix}`,
    ...reference,
    // The write-back and journal filing read topics and groups of this instance alone.
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: topic('scheduling.appointment.v1'),
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: topic('messaging.journal_entry.v1'),
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: topic('ehrsync.journal_entry.v1'),
    EHR_SYNC_WRITE_BACK_GROUP: `ehr-sync-write-back-${suffix}`,
    EHR_SYNC_JOURNAL_GROUP: `ehr-sync-journal-${suffix}`,
    CAREBUS_JOURNAL_NOTE_KEYS: `v1:${newKek()}`,
  };
}

/** The ehr-sync service as `startTestService` and the conformance tests run it. */
export const EHR_SYNC_UNDER_TEST: ServiceUnderTest<EhrSyncConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  isolatedEnv: isolatedEhrSyncEnv,
};
