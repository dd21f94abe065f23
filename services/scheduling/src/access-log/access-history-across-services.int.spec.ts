import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Partitioners, type Producer } from '@carebus/kafka';
import { AppointmentSchema, AppointmentStatus, ContactSurface } from '@carebus/contracts';
import { SmtpSink } from '@carebus/mail-sink';
import {
  appointmentEventRecord,
  builtServiceMain,
  createTopics,
  freePort,
  testKafkaEnv,
  newTopicSuffix,
  repoRoot,
  requestJson,
  ServiceProcess,
  testKafka,
  waitFor,
  type TestService,
} from '@carebus/testing';
import {
  asOwner,
  call,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

interface Entry {
  service: string;
  subject: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
}

const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

// Issue 15's acceptance: a staff read of a patient in scheduling and a notification sent to that
// patient both reach the patient's GET /v1/me/access-log; another patient's token sees neither.
// Scheduling runs in-process, notifications as its built main.js (a service never imports
// another), on one test database and one dev issuer. Both publish their access events to this
// test's own audit topic, which scheduling consumes; notifications reads its own appointment topic.
describe('access history across services: scheduling and notifications', () => {
  const suffix = newTopicSuffix();
  const auditTopic = `test.${suffix}.audit.patient_access.v1`;
  const appointmentTopic = `test.${suffix}.scheduling.appointment.v1`;
  const kafka = testKafka();
  let svc: TestService;
  let smtp: SmtpSink;
  let notifications: ServiceProcess | undefined;
  let producer: Producer;

  beforeAll(async () => {
    await createTopics(kafka, [appointmentTopic, auditTopic], 3);
    svc = await startSchedulingService({
      PATIENT_ACCESS_LOG_ENABLED: 'true',
      AUDIT_PATIENT_ACCESS_TOPIC: auditTopic,
    });
    smtp = new SmtpSink({ port: 0 });
    await smtp.start();
    const env: Record<string, string> = {
      DATABASE_URL: svc.db.url('carebus_notifications_app'),
      DATABASE_MIGRATION_URL: svc.db.url('carebus_notifications'),
      ...testKafkaEnv(),
      AUTH_ISSUER: svc.issuer.issuer,
      AUTH_JWKS_URL: svc.issuer.jwksUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_TLS_VERIFY: 'false',
      NOTIFICATIONS_CONSUMER_GROUP: `notifications-${suffix}`,
      NOTIFICATIONS_APPOINTMENT_TOPIC: appointmentTopic,
      NOTIFICATIONS_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
      NOTIFICATIONS_CLINIC_TOPIC: `test.${suffix}.scheduling.clinic.v1`,
      NOTIFICATIONS_REACHABILITY_TOPIC: `test.${suffix}.messaging.patient_reachability.v1`,
      NOTIFICATIONS_DIALOGUE_TOPIC: `test.${suffix}.messaging.dialogue.v1`,
      NOTIFICATIONS_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
      AUDIT_PATIENT_ACCESS_TOPIC: auditTopic,
      DISPATCH_POLL_MS: '50',
      LOG_LEVEL: 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    const migrate = join(repoRoot(), 'services/notifications/dist/migrate.js');
    await promisify(execFile)(process.execPath, [migrate], { env: { PATH: process.env.PATH, ...env } });
    notifications = await ServiceProcess.start(builtServiceMain('notifications'), await freePort(), env);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await notifications?.stop();
    await smtp?.stop();
    await svc?.close();
  });

  const historyOf = async (token: string): Promise<Entry[]> => {
    const res = await call<{ items: Entry[] }>(svc, 'GET', '/v1/me/access-log?limit=200', token);
    if (res.status !== 200) throw new Error(`access log answered ${res.status}`);
    return res.body.items;
  };

  /** What scheduling publishes when the clinic books for `patientId`, on notifications' topic. */
  const publishBooked = (clinicId: string, patientId: string) => {
    const start = new Date(Date.now() + 10 * 86_400_000);
    const appointment = create(AppointmentSchema, {
      appointmentId: randomUUID(),
      clinicId,
      calendarId: randomUUID(),
      patientId,
      appointmentTypeId: randomUUID(),
      startTime: timestampFromDate(start),
      endTime: timestampFromDate(new Date(start.getTime() + 30 * 60_000)),
      contactSurface: ContactSurface.IN_PERSON,
      status: AppointmentStatus.BOOKED,
      sourceChannel: 1,
      notificationsEnabled: true,
      appointmentTypeName: 'Konsultasjon',
    });
    return producer.send({
      topic: appointmentTopic,
      messages: [appointmentEventRecord(appointment)],
    });
  };

  it("shows a staff read in scheduling and a notification sent by notifications in the patient's history, and neither to another patient", async () => {
    const clinicId = await seedClinic(svc);
    const [p, q] = [randomUUID(), randomUUID()];
    await asOwner(svc, (db) =>
      db.query(
        `INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $3, 'Kari Nordmann'), ($2, $3, 'Ola Nordmann')`,
        [p, q, clinicId],
      ),
    );
    const admin = await tokenFor(svc, clinicId, { roles: ['clinic_admin'] });
    const staff = await tokenFor(svc, clinicId, { roles: ['staff'] });
    const notificationsApi = (method: string, path: string, body: unknown) =>
      requestJson(notifications!.url, method, path, admin, body);
    expect(
      (
        await notificationsApi('PUT', '/v1/notification-settings', {
          clinicName: 'Fjordbyen legesenter',
          senderEmail: 'post@fjordbyen.example',
          timeZone: 'Europe/Oslo',
          defaultLanguage: 'nb',
          quietHoursStart: '23:59',
          quietHoursEnd: '00:00',
        })
      ).status,
    ).toBe(200);
    const contact = { name: 'Kari Nordmann', email: 'kari@patient.example', preferredChannel: 'email' };
    expect((await notificationsApi('PUT', `/v1/patient-contacts/${p}`, contact)).status).toBe(200);

    expect((await call(svc, 'GET', `/v1/patients/${p}`, staff)).status).toBe(200);
    await publishBooked(clinicId, p);
    await waitFor(() => smtp.messages.some((m) => m.envelopeTo.includes('kari@patient.example')), {
      timeoutMs: 30_000,
      what: 'the booking confirmation e-mail',
    });

    const patientP = await tokenFor(svc, clinicId, { roles: ['patient'], patientId: p });
    const isStaffRead = (e: Entry) => e.service === 'scheduling' && e.subject === subjectOf(staff);
    const isSend = (e: Entry) => e.service === 'notifications' && e.action === 'notification.send';
    let ofP: Entry[] = [];
    await waitFor(
      async () => {
        ofP = await historyOf(patientP);
        return ofP.some(isStaffRead) && ofP.some(isSend);
      },
      { timeoutMs: 30_000, what: "both accesses in P's history" },
    );
    expect(ofP.find(isStaffRead)).toMatchObject({
      action: 'patient.read',
      resourceType: 'patient',
      resourceId: p,
    });
    expect(ofP.find(isSend)).toMatchObject({
      subject: 'service:notifications',
      resourceType: 'notification',
    });

    const patientQ = await tokenFor(svc, clinicId, { roles: ['patient'], patientId: q });
    const ofQ = await historyOf(patientQ);
    expect(ofQ.filter((e) => isStaffRead(e) || isSend(e) || e.resourceId === p)).toEqual([]);
  });
});
