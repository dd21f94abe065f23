import { randomBytes } from 'node:crypto';
import { newTopicSuffix, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type EhrSyncConfig } from '../src/service';

/** A fresh 32-byte key in base64, as an operator's Secret would hold one. */
export const newKek = (): string => randomBytes(32).toString('base64');

/**
 * Its own alert topic (not the ehrsync.alert.v1 that `npm start`'s notifications reads) and KEKs
 * of its own: no key material is shared between instances or written in code.
 */
export function isolatedEhrSyncEnv(): Record<string, string> {
  const suffix = newTopicSuffix();
  return {
    EHR_SYNC_KEKS: `v1:${newKek()}`,
    EHR_SYNC_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
    // The write-back and journal filing read topics and groups of this instance alone.
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: `test.${suffix}.scheduling.appointment.v1`,
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: `test.${suffix}.messaging.journal_entry.v1`,
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: `test.${suffix}.ehrsync.journal_entry.v1`,
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
