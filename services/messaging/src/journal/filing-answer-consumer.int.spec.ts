import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Kafka, Producer } from '@carebus/kafka';
import { startTestService, testKafka, waitFor, type TestService } from '@carebus/testing';
import { filingAnswerRecord, type EventRecord } from '../../test/event-records';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';

interface Filing {
  status: string | null;
  at: Date | null;
}

/**
 * ehr-sync's answers (ehrsync.journal_entry.v1, a topic of this test) over the real broker into
 * messaging's filing-status consumer: filed or failed once, from pending only; a redelivered
 * answer changes nothing; another clinic's answer naming this clinic's journal entry cannot touch
 * the thread. Records share one key, so they arrive in order and a later one proves the earlier
 * ones were handled.
 */
describe("messaging's filing-status consumer", () => {
  const env = isolatedMessagingEnv();
  const topic = env.MESSAGING_FILING_ANSWER_TOPIC!;
  const key = randomUUID();
  let svc: TestService;
  let api: MessagingApi;
  let sql: Client;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    await provisionMessagingTopics(env);
    svc = await startTestService(MESSAGING_UNDER_TEST, env);
    api = new MessagingApi(svc);
    sql = new Client({ connectionString: svc.db.url() });
    await sql.connect();
    kafka = testKafka();
    producer = kafka.producer();
    await producer.connect();
  }, 90_000);
  afterAll(async () => {
    await producer?.disconnect();
    await sql?.end();
    await svc?.close();
  });

  const send = (...messages: EventRecord[]) => producer.send({ topic, messages });

  /** A new e-consultation of a new patient in `clinicId`: pending, with its journal entry id. */
  async function pendingThread(clinicId: string): Promise<{ threadId: string; entryId: string }> {
    const patientId = await api.f.newPatient(clinicId, randomUUID());
    const sent = await (
      await api.patient(clinicId, patientId)
    ).call<{ thread: { id: string } }>('POST', '/my/threads', {
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'It itches',
    });
    expect(sent.status).toBe(201);
    const { rows } = await sql.query<{ id: string }>(
      `SELECT journal_entry_id AS id FROM messaging.threads WHERE id = $1 AND journal_status = 'pending'`,
      [sent.body.thread.id],
    );
    return { threadId: sent.body.thread.id, entryId: rows[0]!.id };
  }

  async function filing(threadId: string): Promise<Filing> {
    const { rows } = await sql.query<Filing>(
      `SELECT journal_status AS status, journal_status_at AS at FROM messaging.threads WHERE id = $1`,
      [threadId],
    );
    return rows[0]!;
  }

  const settles = (threadId: string, status: string) =>
    waitFor(async () => (await filing(threadId)).status === status, {
      timeoutMs: 30_000,
      what: `the thread ${status}`,
    });

  it('marks the thread filed once: the redelivered answer and a later failure change nothing', async () => {
    const clinicId = randomUUID();
    const a = await pendingThread(clinicId);
    const sentinel = await pendingThread(clinicId);
    const eventId = randomUUID();
    await send(filingAnswerRecord(clinicId, a.entryId, 'filed', { eventId, key }));
    await settles(a.threadId, 'filed');
    const first = await filing(a.threadId);
    await send(
      filingAnswerRecord(clinicId, a.entryId, 'filed', { eventId, key }),
      filingAnswerRecord(clinicId, a.entryId, 'failed', { key }),
      filingAnswerRecord(clinicId, sentinel.entryId, 'failed', { key }),
    );
    await settles(sentinel.threadId, 'failed');
    expect(await filing(a.threadId)).toEqual(first);
    const { rows } = await sql.query(`SELECT 1 FROM messaging.processed_events WHERE event_id = $1`, [
      eventId,
    ]);
    expect(rows).toHaveLength(1);
  });

  it("cannot change a thread through another clinic's answer naming its journal entry", async () => {
    const clinicId = randomUUID();
    const other = randomUUID();
    const a = await pendingThread(clinicId);
    const sentinel = await pendingThread(other);
    await send(
      filingAnswerRecord(other, a.entryId, 'failed', { key }),
      filingAnswerRecord(other, sentinel.entryId, 'filed', { key }),
    );
    await settles(sentinel.threadId, 'filed');
    expect((await filing(a.threadId)).status).toBe('pending');
    // Its own clinic's answer still files it.
    await send(filingAnswerRecord(clinicId, a.entryId, 'failed', { key }));
    await settles(a.threadId, 'failed');
  });
});
