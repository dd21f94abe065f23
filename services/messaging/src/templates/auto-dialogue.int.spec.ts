import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { Kafka } from '@carebus/kafka';
import { sql } from '@carebus/persistence';
import {
  appointmentEventRecord,
  createTopics,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@carebus/testing';
import { z } from 'zod';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';

describe('automatic dialogues when an appointment of a configured type is booked', () => {
  const env = isolatedMessagingEnv();
  const topic = env.MESSAGING_APPOINTMENT_TOPIC!;
  let svc: TestService;
  let api: MessagingApi;
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = testKafka();
    await createTopics(kafka, [topic]);
    await provisionMessagingTopics(env);
    svc = await startTestService(MESSAGING_UNDER_TEST, env);
    api = new MessagingApi(svc);
  });
  afterAll(() => svc?.close());

  async function threadsAbout(clinic: string, appointmentId: string) {
    return api.f.tenant.withTenant(clinic, (tx) =>
      tx.rows(
        sql`SELECT t.id, t.subject, t.hidden, m.body FROM messaging.threads t JOIN messaging.messages m ON m.thread_id = t.id
             WHERE t.appointment_id = ${appointmentId}::uuid`,
        z.object({ id: z.string(), subject: z.string(), hidden: z.boolean(), body: z.string() }),
      ),
    );
  }

  it('sends the template once per booking, also when the booking arrives twice', async () => {
    const clinic = randomUUID();
    const typeId = randomUUID();
    const patient = await api.f.newPatient(clinic, null);
    const admin = await api.admin(clinic);
    const template = await admin.call<{ id: string }>('POST', '/messaging/templates', {
      name: 'Before your check-up',
      kind: 'e_dialogue',
      subject: 'Your {{appointment_type}}',
      body: 'See you on {{date}} at {{time}}.',
    });
    expect(template.status).toBe(201);
    const set = await admin.call('PUT', `/messaging/auto-dialogues/${typeId}`, {
      templateId: template.body.id,
    });
    expect(set.status).toBe(204);
    const appointmentId = randomUUID();
    const appointment = {
      appointmentId,
      clinicId: clinic,
      patientId: patient,
      appointmentTypeId: typeId,
      appointmentTypeName: 'check-up',
      startTime: timestampFromDate(new Date('2027-01-05T09:30:00Z')),
    };
    const first = appointmentEventRecord(appointment);
    const redelivered = appointmentEventRecord(appointment); // the same booking under a new event id
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [first, first, redelivered] });
    // A booking of a type without a template: nothing is sent.
    const otherId = randomUUID();
    await producer.send({
      topic,
      messages: [
        appointmentEventRecord({ ...appointment, appointmentId: otherId, appointmentTypeId: randomUUID() }),
      ],
    });
    // A later marker booking of the configured type proves the earlier records were consumed.
    const markerId = randomUUID();
    await producer.send({
      topic,
      messages: [appointmentEventRecord({ ...appointment, appointmentId: markerId })],
    });
    await producer.disconnect();
    await waitFor(async () => (await threadsAbout(clinic, markerId)).length > 0, {
      timeoutMs: 30_000,
      what: 'the marker dialogue',
    });
    await waitFor(async () => (await threadsAbout(clinic, appointmentId)).length > 0, {
      timeoutMs: 30_000,
      what: 'the dialogue',
    });
    const sent = await threadsAbout(clinic, appointmentId);
    expect(sent).toEqual([
      {
        id: expect.any(String),
        subject: 'Your check-up',
        hidden: false,
        body: 'See you on 2027-01-05 at 09:30.',
      },
    ]);
    expect(await threadsAbout(clinic, otherId)).toEqual([]);
    const mine = await (
      await api.patient(clinic, patient)
    ).call<{ items: { id: string }[] }>('GET', '/my/threads');
    expect(mine.body.items.map((t) => t.id)).toContain(sent[0]!.id);
  });
});
