import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startTestService, type TestService } from '@carebus/testing';
import type { DevTokenClaims } from '@carebus/auth';
import { MESSAGING_UNDER_TEST } from './messaging-under-test';

/** A thread with its patient, one staff participant and one message by each. */
export interface SeededThread {
  clinicId: string;
  threadId: string;
  patientId: string;
  staff: string;
  patientMessageId: string;
  staffMessageId: string;
}

export interface AttachmentsHarness {
  svc: TestService;
  /** A superuser connection to the test database (sees past row-level security). */
  sql: Client;
  token(claims: DevTokenClaims): Promise<string>;
  /** A thread seeded as the superuser, as the dialogues would have written it. */
  seedThread(clinicId?: string): Promise<SeededThread>;
  close(): Promise<void>;
}

export async function startAttachmentsHarness(env: Record<string, string> = {}): Promise<AttachmentsHarness> {
  const svc = await startTestService(MESSAGING_UNDER_TEST, env);
  const sql = new Client({ connectionString: svc.db.url() });
  await sql.connect();
  return {
    svc,
    sql,
    token: (claims) => svc.issuer.mint(claims),
    seedThread: (clinicId = randomUUID()) => seedThread(sql, clinicId),
    close: async () => {
      await sql.end();
      await svc.close();
    },
  };
}

export async function seedThread(sql: Client, clinicId: string): Promise<SeededThread> {
  const threadId = randomUUID();
  const patientId = randomUUID();
  const staff = `gp-${randomBytes(3).toString('hex')}`;
  const [patientMessageId, staffMessageId] = [randomUUID(), randomUUID()];
  await sql.query(
    `INSERT INTO messaging.threads (clinic_id, id, kind, origin, patient_id, subject, created_by, created_by_kind,
       routing, message_count, last_message_at, created_at, updated_at)
     VALUES ($1, $2, 'e_contact', 'national_portal', $3, 'Spørsmål', $4, 'patient', '{"mode":"addressed","receiverUnitId":null,"practitionerId":null}', 2, now(), now(), now())`,
    [clinicId, threadId, patientId, patientId],
  );
  await sql.query(
    `INSERT INTO messaging.thread_participants (clinic_id, thread_id, subject, kind)
     VALUES ($1, $2, $3::text, 'patient'), ($1, $2, $4, 'staff')`,
    [clinicId, threadId, patientId, staff],
  );
  await sql.query(
    `INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body, created_at)
     VALUES ($1, $2, $3, 1, $4::text, 'patient', 'inbound', 'Hei', now()),
            ($1, $5, $3, 2, $6, 'staff', 'outbound', 'Hei igjen', now())`,
    [clinicId, patientMessageId, threadId, patientId, staffMessageId, staff],
  );
  return { clinicId, threadId, patientId, staff, patientMessageId, staffMessageId };
}

/** How many attachment and chunk rows a clinic has (as the superuser). */
export async function storedRows(
  sql: Client,
  clinicId: string,
): Promise<{ attachments: number; chunks: number }> {
  const { rows } = await sql.query<{ attachments: number; chunks: number }>(
    `SELECT (SELECT count(*)::int FROM messaging.attachments WHERE clinic_id = $1) AS attachments,
            (SELECT count(*)::int FROM messaging.attachment_chunks WHERE clinic_id = $1) AS chunks`,
    [clinicId],
  );
  return rows[0]!;
}

/** The clinic's attachment audit rows, oldest first, as `action:outcome`. */
export async function attachmentAudit(sql: Client, clinicId: string): Promise<string[]> {
  const { rows } = await sql.query<{ action: string; outcome: string }>(
    `SELECT action, outcome FROM messaging.audit_log WHERE clinic_id = $1 AND resource_type = 'attachment' ORDER BY id`,
    [clinicId],
  );
  return rows.map((r) => `${r.action}:${r.outcome}`);
}

export const uploadPath = (t: SeededThread, messageId: string) =>
  `/v1/threads/${t.threadId}/messages/${messageId}/attachments`;

/** `n` more messages of the thread's patient (to attach to), answered as their ids. */
export async function seedPatientMessages(sql: Client, t: SeededThread, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await sql.query(
    `INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body, created_at)
     SELECT $1, id, $2, 2 + ord, $3, 'patient', 'inbound', 'Vedlegg', now()
       FROM unnest($4::uuid[]) WITH ORDINALITY AS m(id, ord)`,
    [t.clinicId, t.threadId, t.patientId, ids],
  );
  return ids;
}
