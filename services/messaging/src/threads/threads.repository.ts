import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Tx } from '@carebus/persistence';
import {
  AUTHOR_KINDS,
  JOURNAL_STATUSES,
  RENEWAL_OUTCOMES,
  THREAD_KINDS,
  THREAD_ORIGINS,
  type InboxReason,
  type JournalStatus,
  type Thread,
  type ThreadKind,
} from './thread';

const COLUMNS = raw(`id, clinic_id AS "clinicId", kind, origin, patient_id AS "patientId", subject,
  created_by AS "createdBy", created_by_kind AS "createdByKind", appointment_id AS "appointmentId", hidden,
  converted_from AS "convertedFrom", converted_at AS "convertedAt", journal_status AS "journalStatus",
  journal_entry_id AS "journalEntryId", renewal_outcome AS "renewalOutcome", routing,
  message_count AS "messageCount", last_message_at AS "lastMessageAt", created_at AS "createdAt",
  updated_at AS "updatedAt"`);

const Routing = z.object({
  mode: z.enum(['practitioner', 'receiver', 'both', 'addressed']),
  receiverUnitId: z.string().nullable(),
  practitionerId: z.string().nullable(),
  practitionerMissing: z.boolean().optional(),
});

export const ThreadRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  kind: z.enum(THREAD_KINDS),
  origin: z.enum(THREAD_ORIGINS),
  patientId: z.string().nullable(),
  subject: z.string(),
  createdBy: z.string(),
  createdByKind: z.enum(AUTHOR_KINDS),
  appointmentId: z.string().nullable(),
  hidden: z.boolean(),
  convertedFrom: z.enum(THREAD_KINDS).nullable(),
  convertedAt: z.date().nullable(),
  journalStatus: z.enum(JOURNAL_STATUSES).nullable(),
  journalEntryId: z.string().nullable(),
  renewalOutcome: z.enum(RENEWAL_OUTCOMES).nullable(),
  routing: Routing,
  messageCount: z.number(),
  lastMessageAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export type NewThread = Omit<
  Thread,
  'convertedFrom' | 'convertedAt' | 'journalStatus' | 'journalEntryId' | 'renewalOutcome' | 'messageCount'
>;

/** Threads, their routed inboxes and participants (messaging.threads, thread_inboxes, thread_participants). */
@Injectable()
export class ThreadsRepository {
  async find(tx: Tx, id: string): Promise<Thread | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${COLUMNS} FROM messaging.threads WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        ThreadRow,
        { prepared: true },
      )) ?? null
    );
  }

  /** The thread, locked: sends, reads and conversions of one thread run one after another. */
  async lock(tx: Tx, id: string): Promise<Thread | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${COLUMNS} FROM messaging.threads WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid FOR UPDATE`,
        ThreadRow,
        { prepared: true },
      )) ?? null
    );
  }

  async insert(tx: Tx, t: NewThread): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.threads (clinic_id, id, kind, origin, patient_id, subject, created_by, created_by_kind,
            appointment_id, hidden, routing, last_message_at, created_at, updated_at)
          VALUES (${tx.clinicId}, ${t.id}, ${t.kind}, ${t.origin}, ${t.patientId}, ${t.subject}, ${t.createdBy},
            ${t.createdByKind}, ${t.appointmentId}, ${t.hidden}, ${JSON.stringify(t.routing)}::jsonb,
            ${t.lastMessageAt}, ${t.createdAt}, ${t.updatedAt})`,
    );
  }

  async addInboxes(tx: Tx, threadId: string, inboxes: { inboxId: string; reason: InboxReason }[], at: Date) {
    if (inboxes.length === 0) return;
    await tx.execute(
      sql`INSERT INTO messaging.thread_inboxes (clinic_id, thread_id, inbox_id, reason, last_message_at)
          SELECT ${tx.clinicId}, ${threadId}::uuid, i, r, ${at}
            FROM unnest(${inboxes.map((i) => i.inboxId)}::uuid[], ${inboxes.map((i) => i.reason)}::text[]) AS x(i, r)
          ON CONFLICT DO NOTHING`,
    );
  }

  async inboxIds(tx: Tx, threadId: string): Promise<string[]> {
    const rows = await tx.rows(
      sql`SELECT inbox_id AS "inboxId" FROM messaging.thread_inboxes
           WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid ORDER BY inbox_id`,
      z.object({ inboxId: z.string() }),
      { prepared: true },
    );
    return rows.map((r) => r.inboxId);
  }

  async addParticipant(tx: Tx, threadId: string, subject: string, kind: string): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.thread_participants (clinic_id, thread_id, subject, kind)
          VALUES (${tx.clinicId}, ${threadId}::uuid, ${subject}, ${kind}) ON CONFLICT DO NOTHING`,
      { prepared: true },
    );
  }

  /** True when `subject` took part in the thread, or belongs to one of its inboxes (owner or unit member). */
  async reaches(tx: Tx, threadId: string, subject: string): Promise<boolean> {
    const row = await tx.one(
      sql`SELECT EXISTS (SELECT 1 FROM messaging.thread_participants p
                          WHERE p.clinic_id = ${tx.clinicId} AND p.thread_id = ${threadId}::uuid AND p.subject = ${subject})
              OR EXISTS (SELECT 1 FROM messaging.thread_inboxes ti
                           JOIN messaging.inboxes i ON i.id = ti.inbox_id
                           LEFT JOIN messaging.org_members m ON m.unit_id = i.unit_id AND m.subject = ${subject}
                          WHERE ti.clinic_id = ${tx.clinicId} AND ti.thread_id = ${threadId}::uuid
                            AND (i.owner_subject = ${subject} OR m.subject IS NOT NULL)) AS "reaches"`,
      z.object({ reaches: z.boolean() }),
      { prepared: true },
    );
    return row.reaches;
  }

  /** One more message: the next sequence number, and the routed inboxes move it to their top. */
  async nextSeq(tx: Tx, threadId: string, at: Date): Promise<number> {
    const row = await tx.one(
      sql`UPDATE messaging.threads SET message_count = message_count + 1, last_message_at = ${at}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${threadId}::uuid RETURNING message_count AS seq`,
      z.object({ seq: z.number() }),
      { prepared: true },
    );
    await tx.execute(
      sql`UPDATE messaging.thread_inboxes SET last_message_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid`,
      { prepared: true },
    );
    return row.seq;
  }

  async convert(tx: Tx, id: string, to: ThreadKind, from: ThreadKind, by: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.threads SET kind = ${to}, converted_from = ${from}, converted_at = ${at}, converted_by = ${by},
             updated_at = ${at} WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }

  async setJournal(tx: Tx, id: string, status: JournalStatus, entryId: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.threads SET journal_status = ${status}, journal_entry_id = ${entryId}::uuid,
             journal_status_at = ${at}, updated_at = ${at} WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }

  /** The filing status a journal entry answered; false when no thread has that entry or it is no longer pending. */
  async fileJournal(tx: Tx, entryId: string, status: 'filed' | 'failed', at: Date): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`UPDATE messaging.threads SET journal_status = ${status}, journal_status_at = ${at}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND journal_entry_id = ${entryId}::uuid AND journal_status = 'pending'
           RETURNING id`,
      z.object({ id: z.string() }),
    );
    return row?.id ?? null;
  }

  async setRenewalOutcome(tx: Tx, id: string, outcome: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.threads SET renewal_outcome = ${outcome}, renewal_answered_at = ${at}, updated_at = ${at}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }
}
