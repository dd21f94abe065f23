import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import {
  builtServiceMain,
  freePort,
  newTopicSuffix,
  ServiceProcess,
  testKafkaEnv,
  type TestService,
} from '@carebus/testing';

/**
 * The real notifications service (its built main.js) on the messaging test database, reading
 * messaging's reachability topic (and whatever `extra` sets, e.g. the dialogue topic and a mail sink): services never import each other, so the test reaches it only
 * through its process, Kafka and REST.
 */
export async function startNotificationsProcess(
  messaging: TestService,
  reachabilityTopic: string,
  extra: Record<string, string> = {},
): Promise<ServiceProcess> {
  const suffix = newTopicSuffix();
  const main = builtServiceMain('notifications');
  const env: Record<string, string> = {
    DATABASE_URL: messaging.db.url('carebus_notifications_app'),
    ...testKafkaEnv(),
    AUTH_ISSUER: messaging.issuer.issuer,
    AUTH_JWKS_URL: messaging.issuer.jwksUrl,
    NOTIFICATIONS_CONSUMER_GROUP: `notifications-${suffix}`,
    NOTIFICATIONS_APPOINTMENT_TOPIC: `test.${suffix}.scheduling.appointment.v1`,
    NOTIFICATIONS_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
    NOTIFICATIONS_CLINIC_TOPIC: `test.${suffix}.scheduling.clinic.v1`,
    NOTIFICATIONS_REACHABILITY_TOPIC: reachabilityTopic,
    SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
    DISPATCH_ENABLED: 'false',
    NOTIFICATIONS_DIALOGUE_TOPIC: `test.${suffix}.messaging.dialogue.v1`,
    NOTIFICATIONS_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...extra,
  };
  const migrate = spawnSync(process.execPath, [join(dirname(main), 'migrate.js')], {
    env: {
      PATH: process.env.PATH,
      ...env,
      DATABASE_MIGRATION_URL: messaging.db.url('carebus_notifications'),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (migrate.status !== 0) throw new Error(`notifications migrate.js failed: ${migrate.stderr}`);
  return ServiceProcess.start(main, await freePort(), env);
}
