import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { createTopics, startTestService, testKafka, waitFor, type TestService } from '@carebus/testing';
import { startEhrSyncProcess, type EhrSyncProcess } from '../../test/ehr-sync-process';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';

interface ThreadView {
  thread: { id: string; kind: string; journalStatus: string | null };
}

/**
 * Journal filing end to end over real PostgreSQL, Kafka and two real services: messaging (in
 * process) files an e-consultation as `JournalEntryRequested` on a topic of this test; ehr-sync
 * (its built process, the same journal-note ring) writes the note to the EHR simulator on a
 * socket and answers on the topic messaging reads; the thread's filing status follows.
 */
describe('an e-consultation is filed in the EHR and the thread shows it', () => {
  const env = isolatedMessagingEnv();
  let svc: TestService;
  let api: MessagingApi;
  let ehrSync: EhrSyncProcess;
  let sim: RunningEhrSimulator;
  let sql: Client;
  const clinicId = randomUUID();
  let connectionId: string;
  let nextPatient = 0;
  /** The patients' GP (a practitioner's subject is their id), also a member of the whole clinic's inbox. */
  const gp = randomUUID();

  beforeAll(async () => {
    await provisionMessagingTopics(env);
    await createTopics(testKafka(), [env.MESSAGING_JOURNAL_ENTRY_TOPIC!], 1);
    [svc, sim] = await Promise.all([
      startTestService(MESSAGING_UNDER_TEST, env),
      startEhrSimulator({ port: 0, seed: 'journal-e2e', practitioners: 2, patients: 10, appointments: 0 }),
    ]);
    api = new MessagingApi(svc);
    sql = new Client({ connectionString: svc.db.url() });
    await sql.connect();
    ehrSync = await startEhrSyncProcess(svc, {
      journalEntryTopic: env.MESSAGING_JOURNAL_ENTRY_TOPIC!,
      filingAnswerTopic: env.MESSAGING_FILING_ANSWER_TOPIC!,
      journalNoteKeys: env.CAREBUS_JOURNAL_NOTE_KEYS!,
    });
    connectionId = await ehrSync.connect(clinicId, sim);
    await api.f.join(clinicId, await api.f.wholeClinicUnit(clinicId), gp);
  }, 180_000);
  afterAll(async () => {
    await ehrSync?.stop();
    await sim?.close();
    await sql?.end();
    await svc?.close();
  });

  /** A patient of the clinic listed with `gp`; linked to an EHR patient unless `linked` is false. */
  async function patient(linked = true): Promise<string> {
    const patientId = await api.f.newPatient(clinicId, gp);
    if (linked) await ehrSync.linkPatient(clinicId, connectionId, patientId, `pat-${++nextPatient}`);
    return patientId;
  }

  const entryOf = async (threadId: string): Promise<string> => {
    const { rows } = await sql.query<{ id: string | null }>(
      `SELECT journal_entry_id AS id FROM messaging.threads WHERE clinic_id = $1 AND id = $2`,
      [clinicId, threadId],
    );
    if (!rows[0]?.id) throw new Error('the thread has no journal entry');
    return rows[0].id;
  };
  const notesOf = (entryId: string) =>
    sim.admin.writes().filter((w) => w.action === 'note' && w.key === entryId);

  /** Waits until the thread's status (as the GP sees it) is `status`; then no second note arrives. */
  async function settlesAs(threadId: string, status: 'filed' | 'failed') {
    const staff = await api.staff(clinicId, gp, ['practitioner']);
    await waitFor(
      async () =>
        (await staff.call<ThreadView>('GET', `/threads/${threadId}`)).body.thread.journalStatus === status,
      { timeoutMs: 60_000, what: `the thread's filing status ${status}` },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return staff;
  }

  it('files a converted e-contact as exactly one note and shows it filed', async () => {
    const patientId = await patient();
    const p = await api.patient(clinicId, patientId);
    const sent = await p.call<ThreadView>('POST', '/my/threads', {
      kind: 'e_contact',
      subject: 'Knee',
      body: 'My knee hurts after the fall',
    });
    expect(sent.status).toBe(201);
    const threadId = sent.body.thread.id;
    const staff = await api.staff(clinicId, gp, ['practitioner']);
    await staff.call('POST', `/threads/${threadId}/messages`, { body: 'Rest it and come Friday.' });
    const converted = await staff.call('POST', `/threads/${threadId}/convert`, { to: 'e_consultation' });
    expect(converted.status).toBe(200);
    expect(converted.body).toMatchObject({ journalStatus: 'pending' });

    await settlesAs(threadId, 'filed');
    expect(notesOf(await entryOf(threadId))).toHaveLength(1);
    const mine = await p.call<ThreadView>('GET', `/my/threads/${threadId}`);
    expect(mine.body.thread).toMatchObject({ kind: 'e_consultation', journalStatus: 'filed' });
  });

  it('files an e-consultation the patient creates directly, once, however many messages follow', async () => {
    const patientId = await patient();
    const p = await api.patient(clinicId, patientId);
    const sent = await p.call<ThreadView>('POST', '/my/threads', {
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'A rash since Monday',
    });
    expect(sent.body.thread).toMatchObject({ kind: 'e_consultation', journalStatus: 'pending' });
    const threadId = sent.body.thread.id;
    await p.call('POST', `/my/threads/${threadId}/messages`, { body: 'It spreads' });

    await settlesAs(threadId, 'filed');
    expect(notesOf(await entryOf(threadId))).toHaveLength(1);
  });

  it('shows the thread failed when the EHR cannot take the note (patient not linked), and writes nothing', async () => {
    const patientId = await patient(false);
    const p = await api.patient(clinicId, patientId);
    const sent = await p.call<ThreadView>('POST', '/my/threads', {
      kind: 'e_consultation',
      subject: 'Cough',
      body: 'Coughing for two weeks',
    });
    const threadId = sent.body.thread.id;

    const staff = await settlesAs(threadId, 'failed');
    expect(notesOf(await entryOf(threadId))).toEqual([]);
    const view = await staff.call<ThreadView>('GET', `/threads/${threadId}`);
    expect(view.body.thread.journalStatus).toBe('failed');
  });
});
