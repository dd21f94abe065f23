import { randomUUID } from 'node:crypto';
import { DialogueKind, DialogueOrigin } from '@carebus/contracts';
import type { Kafka } from '@carebus/kafka';
import { startTestService, testKafka, waitFor, type TestService } from '@carebus/testing';
import { dialogueNotices, type NoticeRecord } from '../../test/dialogue-notices';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';

describe('messaging.dialogue.v1: who must be told of a new message, through the outbox', () => {
  const env = isolatedMessagingEnv();
  const topic = env.MESSAGING_DIALOGUE_TOPIC!;
  let svc: TestService;
  let api: MessagingApi;
  let kafka: Kafka;

  beforeAll(async () => {
    await provisionMessagingTopics(env);
    svc = await startTestService(MESSAGING_UNDER_TEST, env);
    api = new MessagingApi(svc);
    kafka = testKafka();
  });
  afterAll(() => svc?.close());

  const noticesOf = async (threadId: string, atLeast: number): Promise<NoticeRecord[]> =>
    waitFor(
      async () => {
        const found = (await dialogueNotices(kafka, topic)).filter((r) => r.notice.threadId === threadId);
        return found.length >= atLeast ? found : null;
      },
      { timeoutMs: 20_000, what: `${atLeast} dialogue notice(s) on Kafka` },
    );
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  it('a patient’s new dialogue names the routed inboxes and their members, once; nothing of its text', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, randomUUID());
    const unit = await api.f.wholeClinicUnit(clinic);
    const [a, b] = [randomUUID(), randomUUID()].sort();
    await api.f.join(clinic, unit, a!);
    await api.f.join(clinic, unit, b!);
    const subject = `Canary subject ${randomUUID()}`;
    const body = `Canary body ${randomUUID()}: my knee hurts`;
    const p = await api.patient(clinic, patient);
    const sent = await p.call<{ thread: { id: string } }>('POST', '/my/threads', {
      kind: 'e_contact',
      subject,
      body,
    });
    expect(sent.status).toBe(201);
    const threadId = sent.body.thread.id;
    // The patient's next message in the thread tells nobody (the unread counts rise).
    expect((await p.call('POST', `/my/threads/${threadId}/messages`, { body: 'and more' })).status).toBe(201);

    const [record] = await noticesOf(threadId, 1);
    await settle();
    expect((await dialogueNotices(kafka, topic)).filter((r) => r.notice.threadId === threadId)).toHaveLength(
      1,
    );
    expect(record!.key).toBe(threadId);
    expect(record!.notice).toMatchObject({
      clinicId: clinic,
      kind: DialogueKind.E_CONTACT,
      origin: DialogueOrigin.PLATFORM,
      newThread: true,
      hidden: false,
      patientId: '',
    });
    expect(record!.notice.staffInboxes.map((i) => ({ inboxId: i.inboxId, subjects: i.subjects }))).toEqual([
      { inboxId: await api.f.wholeClinicInbox(clinic), subjects: [a, b] },
    ]);
    for (const text of [subject, body, 'knee hurts', 'and more']) {
      expect(record!.raw.includes(Buffer.from(text))).toBe(false);
    }
  });

  it('the clinic’s answer and its new dialogue to a patient name the patient and the origin; internal ones the colleagues', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, null);
    const staff = await api.staff(clinic);
    await api.f.join(clinic, await api.f.wholeClinicUnit(clinic), staff.sub);
    const asked = await (
      await api.patient(clinic, patient)
    ).call<{ thread: { id: string } }>('POST', '/my/threads', {
      kind: 'e_contact',
      subject: 'Q',
      body: 'Q?',
    });
    const incoming = { thread: asked.body.thread };
    const answer = await staff.call('POST', `/threads/${incoming.thread.id}/messages`, {
      body: 'Secret answer',
    });
    expect(answer.status).toBe(201);
    const answered = await noticesOf(incoming.thread.id, 2);
    const toPatient = answered.find((r) => r.notice.patientId !== '')!;
    expect(toPatient.notice).toMatchObject({
      patientId: patient,
      origin: DialogueOrigin.PLATFORM,
      newThread: false,
      staffInboxes: [],
    });
    expect(toPatient.raw.includes(Buffer.from('Secret answer'))).toBe(false);

    const started = await staff.call<{ thread: { id: string } }>('POST', '/threads', {
      kind: 'e_dialogue',
      patientId: patient,
      subject: 'Results',
      body: 'Your results are fine',
    });
    expect(started.status).toBe(201);
    const [opened] = await noticesOf(started.body.thread.id, 1);
    expect(opened!.notice).toMatchObject({
      patientId: patient,
      origin: DialogueOrigin.STAFF,
      kind: DialogueKind.E_DIALOGUE,
      newThread: true,
      staffInboxes: [],
    });

    const colleague = randomUUID();
    const internal = await staff.call<{ thread: { id: string } }>('POST', '/threads', {
      kind: 'e_dialogue',
      subject: 'Shift swap',
      body: 'Can you take Friday?',
      recipientInboxIds: [await api.f.personalInbox(clinic, colleague)],
    });
    expect(internal.status).toBe(201);
    const [told] = await noticesOf(internal.body.thread.id, 1);
    expect(told!.notice.patientId).toBe('');
    expect(told!.notice.staffInboxes.map((i) => i.subjects)).toEqual([[colleague]]);
  });
});
