import { randomUUID } from 'node:crypto';
import { FieldSealer, SEAL_PURPOSES } from '@carebus/crypto';
import type { Kafka } from '@carebus/kafka';
import { startTestService, testKafka, waitFor, type TestService } from '@carebus/testing';
import { journalRequests } from '../../test/journal-requests';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';

interface Started {
  thread: { id: string; kind: string; journalStatus: string | null };
}

describe('converting an e-contact to an e-consultation files it to the journal once', () => {
  const env = isolatedMessagingEnv();
  const topic = env.MESSAGING_JOURNAL_ENTRY_TOPIC!;
  const sealer = FieldSealer.fromEnv(SEAL_PURPOSES.journalNote, env);
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

  it('emits exactly one JournalEntryRequested with the note sealed, and keeps the history', async () => {
    const clinic = randomUUID();
    const gp = randomUUID();
    const patient = await api.f.newPatient(clinic, gp);
    const body = `Canary ${randomUUID()}: my knee hurts after the fall`;
    const sent = await (
      await api.patient(clinic, patient)
    ).call<Started>('POST', '/my/threads', {
      kind: 'e_contact',
      subject: 'Knee',
      body,
    });
    expect(sent.status).toBe(201);
    const threadId = sent.body.thread.id;
    const staff = await api.staff(clinic, randomUUID());
    await api.f.join(clinic, await api.f.wholeClinicUnit(clinic), staff.sub);
    const converted = await staff.call<{ kind: string; journalStatus: string; convertedFrom: string }>(
      'POST',
      `/threads/${threadId}/convert`,
      { to: 'e_consultation' },
    );
    expect(converted.status).toBe(200);
    expect(converted.body).toMatchObject({
      kind: 'e_consultation',
      convertedFrom: 'e_contact',
      journalStatus: 'pending',
    });
    const again = await staff.call<{ code: string }>('POST', `/threads/${threadId}/convert`, {
      to: 'e_consultation',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('messaging.conversion_not_allowed');

    const records = await waitFor(
      async () => {
        const found = (await journalRequests(kafka, topic, sealer)).filter((r) => r.threadId === threadId);
        return found.length > 0 ? found : null;
      },
      { timeoutMs: 20_000, what: 'the journal entry request on Kafka' },
    );
    // Let the relay publish anything else it might; still exactly one.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = (await journalRequests(kafka, topic, sealer)).filter((r) => r.threadId === threadId);
    expect(all).toHaveLength(1);
    expect(records[0]!.raw.includes(Buffer.from(body))).toBe(false);
    expect(records[0]!.raw.includes(Buffer.from('knee hurts'))).toBe(false);
    expect(records[0]!.openNote()).toEqual({ title: 'Knee', body });
    expect(records[0]!.clinicId).toBe(clinic);

    const view = await staff.call<{ thread: { kind: string }; messages: { body: string }[] }>(
      'GET',
      `/threads/${threadId}`,
    );
    expect(view.body.thread.kind).toBe('e_consultation');
    expect(view.body.messages.map((m) => m.body)).toEqual([body]);
  });

  it('files an e-consultation the patient sends at once, and only once', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, randomUUID());
    const p = await api.patient(clinic, patient);
    const sent = await p.call<Started>('POST', '/my/threads', {
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'It itches',
    });
    expect(sent.body.thread.kind).toBe('e_consultation');
    await p.call('POST', `/my/threads/${sent.body.thread.id}/messages`, { body: 'And it spreads' });
    const found = await waitFor(
      async () => {
        const r = (await journalRequests(kafka, topic, sealer)).filter(
          (x) => x.threadId === sent.body.thread.id,
        );
        return r.length > 0 ? r : null;
      },
      { timeoutMs: 20_000, what: 'the journal entry request' },
    );
    expect(found).toHaveLength(1);
    const view = await p.call<{ thread: { journalStatus: string } }>(
      'GET',
      `/my/threads/${sent.body.thread.id}`,
    );
    expect(view.body.thread.journalStatus).toBe('pending');
  });

  it('refuses to convert another clinic’s thread like an unknown one', async () => {
    const clinic = randomUUID();
    const patient = await api.f.newPatient(clinic, null);
    const { thread } = await api.f.incoming(clinic, patient, 'e_contact');
    const other = await api.staff(randomUUID());
    const res = await other.call('POST', `/threads/${thread.id}/convert`, { to: 'e_consultation' });
    expect(res.status).toBe(404);
  });
});
