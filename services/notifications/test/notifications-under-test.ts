import { freePort, newTopicSuffix, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type NotificationsConfig } from '../src/service';

/** Topics and consumer groups of one test instance (`<group>-alerts`, `<group>-clinics`, `<group>-reachability`, `<group>-dialogues`, `<group>-devices`). */
export function isolatedNotificationsTopics(suffix = newTopicSuffix()) {
  return {
    NOTIFICATIONS_CONSUMER_GROUP: `notifications-${suffix}`,
    NOTIFICATIONS_APPOINTMENT_TOPIC: `test.${suffix}.scheduling.appointment.v1`,
    NOTIFICATIONS_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
    NOTIFICATIONS_CLINIC_TOPIC: `test.${suffix}.scheduling.clinic.v1`,
    NOTIFICATIONS_REACHABILITY_TOPIC: `test.${suffix}.messaging.patient_reachability.v1`,
    NOTIFICATIONS_DIALOGUE_TOPIC: `test.${suffix}.messaging.dialogue.v1`,
    NOTIFICATIONS_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
  };
}

/**
 * Topics and groups of the instance's own, not `npm start`'s (scheduling.appointment.v1,
 * ehrsync.alert.v1 and scheduling.clinic.v1 as group notifications), and an SMTP relay on a free port where nothing listens
 * instead of the mail sink's 2525: tests pass while the backbone runs and send nothing to it.
 */
export async function isolatedNotificationsEnv(): Promise<Record<string, string>> {
  return { ...isolatedNotificationsTopics(), SMTP_URL: `smtp://127.0.0.1:${await freePort()}` };
}

/** The notifications service as `startTestService` and the conformance tests run it. */
export const NOTIFICATIONS_UNDER_TEST: ServiceUnderTest<NotificationsConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  isolatedEnv: isolatedNotificationsEnv,
};
