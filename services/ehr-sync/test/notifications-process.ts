import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { Partitioners } from '@carebus/kafka';
import { SmtpSink } from '@carebus/mail-sink';
import {
  builtServiceMain,
  createTopics,
  freePort,
  newTopicSuffix,
  ServiceProcess,
  testKafka,
  testKafkaEnv,
  type TestService,
} from '@carebus/testing';

export interface NotificationsProcess {
  child: ServiceProcess;
  smtp: SmtpSink;
  /** Tells notifications a clinic exists with this clinical administrator (as scheduling would). */
  announceClinic(clinicId: string, clinicalAdminEmail: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real notifications service (its built main.js, as production runs it) on the ehr-sync test
 * database, reading ehr-sync's alert topic and sending to a mail sink: services never import each
 * other, so the test drives it only through its process, Kafka and SMTP.
 */
export async function startNotificationsProcess(
  ehrSync: TestService,
  alertTopic: string,
): Promise<NotificationsProcess> {
  const suffix = newTopicSuffix();
  const clinicTopic = `test.${suffix}.scheduling.clinic.v1`;
  const kafka = testKafka();
  await createTopics(kafka, [clinicTopic, alertTopic], 1);
  const smtp = new SmtpSink({ port: 0 });
  await smtp.start();
  const main = builtServiceMain('notifications');
  const env: Record<string, string> = {
    DATABASE_URL: ehrSync.db.url('carebus_notifications_app'),
    ...testKafkaEnv(),
    AUTH_ISSUER: ehrSync.issuer.issuer,
    AUTH_JWKS_URL: ehrSync.issuer.jwksUrl,
    NOTIFICATIONS_CONSUMER_GROUP: `notifications-${suffix}`,
    NOTIFICATIONS_APPOINTMENT_TOPIC: `test.${suffix}.scheduling.appointment.v1`,
    NOTIFICATIONS_ALERT_TOPIC: alertTopic,
    NOTIFICATIONS_CLINIC_TOPIC: clinicTopic,
    NOTIFICATIONS_REACHABILITY_TOPIC: `test.${suffix}.messaging.patient_reachability.v1`,
    NOTIFICATIONS_DIALOGUE_TOPIC: `test.${suffix}.messaging.dialogue.v1`,
    NOTIFICATIONS_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMTP_TLS_VERIFY: 'false',
    DISPATCH_POLL_MS: '50',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const migrate = spawnSync(process.execPath, [join(dirname(main), 'migrate.js')], {
    env: { PATH: process.env.PATH, ...env, DATABASE_MIGRATION_URL: ehrSync.db.url('carebus_notifications') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (migrate.status !== 0) throw new Error(`notifications migrate.js failed: ${migrate.stderr}`);
  const child = await ServiceProcess.start(main, await freePort(), env);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  return {
    child,
    smtp,
    announceClinic: async (clinicId, clinicalAdminEmail) => {
      const now = new Date();
      const definition = EVENTS.clinicCreated;
      await producer.send({
        topic: clinicTopic,
        messages: [
          {
            key: clinicId,
            value: Buffer.from(
              encodeEventPayload(definition, {
                clinicId,
                name: 'Fjordbyen legesenter',
                timeZone: 'Europe/Oslo',
                clinicalAdminEmail,
                version: 1n,
                updatedAt: timestampFromDate(now),
              }),
            ),
            headers: encodeEnvelopeHeaders({
              id: randomUUID(),
              type: definition.type,
              source: '/carebus/scheduling',
              time: now,
              subject: `clinic/${clinicId}`,
              clinicId,
              dataContentType: 'application/protobuf',
            }),
          },
        ],
      });
    },
    stop: async () => {
      await producer.disconnect();
      await child.stop();
      await smtp.stop();
    },
  };
}
