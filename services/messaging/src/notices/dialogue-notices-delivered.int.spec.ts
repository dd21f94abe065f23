import { randomUUID } from 'node:crypto';
import type { Kafka } from '@carebus/kafka';
import { Partitioners } from '@carebus/kafka';
import { SmtpSink } from '@carebus/mail-sink';
import {
  requestJson,
  ServiceProcess,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@carebus/testing';
import { dialogueNotices } from '../../test/dialogue-notices';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';
import { startNotificationsProcess } from '../../test/notifications-process';

/**
 * A patient's new dialogue, end to end: messaging's outbox → messaging.dialogue.v1 → the built
 * notifications process → one e-mail per staff member of the routed inbox over real SMTP.
 */
describe('a new dialogue tells the staff of its inbox by e-mail, once', () => {
  const env = isolatedMessagingEnv();
  const topic = env.MESSAGING_DIALOGUE_TOPIC!;
  let svc: TestService;
  let api: MessagingApi;
  let kafka: Kafka;
  let smtp: SmtpSink;
  let notifications: ServiceProcess;

  beforeAll(async () => {
    await provisionMessagingTopics(env);
    svc = await startTestService(MESSAGING_UNDER_TEST, env);
    api = new MessagingApi(svc);
    kafka = testKafka();
    smtp = new SmtpSink({ port: 0 });
    await smtp.start();
    notifications = await startNotificationsProcess(svc, env.MESSAGING_REACHABILITY_TOPIC!, {
      NOTIFICATIONS_DIALOGUE_TOPIC: topic,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      DISPATCH_ENABLED: 'true',
      DISPATCH_POLL_MS: '50',
    });
  }, 120_000);
  afterAll(async () => {
    await notifications?.stop();
    await smtp?.stop();
    await svc?.close();
  });

  it('each member of the whole clinic with a contact gets one e-mail without the dialogue’s text; a redelivered event sends nothing more', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, randomUUID());
    const unit = await api.f.wholeClinicUnit(clinic);
    const [a, b, noContact] = [randomUUID(), randomUUID(), randomUUID()];
    for (const s of [a, b, noContact]) await api.f.join(clinic, unit, s);
    const admin = await api.token(clinic, randomUUID(), ['clinic_admin']);
    const notify = (method: string, path: string, body?: unknown) =>
      requestJson(notifications.url, method, path, admin, body);
    expect(
      (
        await notify('PUT', '/v1/notification-settings', {
          clinicName: 'Storgata legesenter',
          senderEmail: 'post@storgata.example',
          timeZone: 'Europe/Oslo',
          defaultLanguage: 'en',
          quietHoursStart: '00:00',
          quietHoursEnd: '00:00',
        })
      ).status,
    ).toBe(200);
    for (const [s, email] of [
      [a, 'a@staff.example'],
      [b, 'b@staff.example'],
    ] as const) {
      const res = await notify('PUT', `/v1/staff-directory/${s}`, { email, dialogueChannels: ['email'] });
      expect(res.status).toBe(200);
    }

    const subject = `Canary subject ${randomUUID()}`;
    const body = `Canary body ${randomUUID()}: my knee hurts`;
    const sent = await (
      await api.patient(clinic, patient)
    ).call<{ thread: { id: string } }>('POST', '/my/threads', { kind: 'e_contact', subject, body });
    expect(sent.status).toBe(201);

    const told = (address: string) => smtp.messages.filter((m) => m.envelopeTo.includes(address));
    await waitFor(() => told('a@staff.example').length > 0 && told('b@staff.example').length > 0, {
      timeoutMs: 30_000,
      what: 'both staff e-mails',
    });

    // The broker delivers the same record again (same event id): nothing more goes out.
    const [record] = (await dialogueNotices(kafka, topic)).filter(
      (r) => r.notice.threadId === sent.body.thread.id,
    );
    // A complete envelope with the first delivery's event id, so only the inbox stops it.
    expect(record!.headers.ce_id?.toString()).toMatch(/^[0-9a-f-]{36}$/);
    expect(record!.headers.clinicid?.toString()).toBe(clinic);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [{ key: record!.key, value: record!.raw, headers: record!.headers }],
      });
    } finally {
      await producer.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    for (const address of ['a@staff.example', 'b@staff.example']) {
      const mail = told(address);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toBe('New dialogue in your inbox (e-contact)');
      for (const text of [subject, body, 'knee']) {
        expect(`${mail[0]!.subject}\n${mail[0]!.text}\n${mail[0]!.html}`).not.toContain(text);
      }
    }
    expect(smtp.messages).toHaveLength(2);
    expect(notifications.output).not.toContain(body);
  });
});
