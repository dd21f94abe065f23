import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { unreadRecount } from './unread-recount';

/** Whole-inbox counters (a shared inbox whose reads clear it for everyone) use this subject. */
export const WHOLE_INBOX = '';

/** Which messages a counter counts: from the patient side and between colleagues; never its own subject's. */
const COUNTED = sql`m.direction IN ('inbound', 'internal')`;

/**
 * Unread counters, changed in the transaction of the message or read that changes them, by
 * atomic increments taken in (inbox, subject) order so concurrent senders never deadlock. A
 * personal inbox counts for its owner; a shared inbox either once for the inbox (`per_inbox`: a
 * read by one member clears it) or once per member (`per_user`), as the clinic configures.
 */
@Injectable()
export class UnreadCounters {
  /** One new message in a thread: +1 on every counter of the thread's inboxes that counts it. */
  async countMessage(tx: Tx, threadId: string, author: string): Promise<void> {
    await tx.execute(
      sql`WITH mode AS (
            SELECT coalesce((SELECT shared_read_clears FROM messaging.messaging_settings WHERE clinic_id = ${tx.clinicId}), 'per_inbox') AS clears
          ), routed AS (
            SELECT i.id, i.kind, i.owner_subject, i.unit_id FROM messaging.thread_inboxes ti
              JOIN messaging.inboxes i ON i.id = ti.inbox_id
             WHERE ti.clinic_id = ${tx.clinicId} AND ti.thread_id = ${threadId}::uuid
          ), targets AS (
            SELECT r.id AS inbox_id, r.owner_subject AS subject FROM routed r
             WHERE r.kind = 'personal' AND r.owner_subject <> ${author}
            UNION ALL
            SELECT r.id, ${WHOLE_INBOX} FROM routed r, mode WHERE r.kind = 'shared' AND mode.clears = 'per_inbox'
            UNION ALL
            SELECT r.id, m.subject FROM routed r CROSS JOIN mode
              JOIN messaging.org_members m ON m.unit_id = r.unit_id
             WHERE r.kind = 'shared' AND mode.clears = 'per_user' AND m.subject <> ${author}
          )
          INSERT INTO messaging.unread_counters (clinic_id, inbox_id, subject, unread)
          SELECT ${tx.clinicId}, inbox_id, subject, 1 FROM targets ORDER BY inbox_id, subject
          ON CONFLICT (inbox_id, subject) DO UPDATE SET unread = messaging.unread_counters.unread + 1`,
      { prepared: true },
    );
  }

  /**
   * `subject` read the thread up to `upTo` (its last message): every counter of theirs that
   * counted the messages after their previous mark goes down by that many. The thread is locked.
   */
  async markRead(tx: Tx, threadId: string, subject: string, upTo: number): Promise<void> {
    const previous = await tx.maybeOne(
      sql`SELECT read_seq AS "readSeq" FROM messaging.thread_reads
           WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid AND subject = ${subject}`,
      z.object({ readSeq: z.number() }),
      { prepared: true },
    );
    const from = previous?.readSeq ?? 0;
    await tx.execute(
      sql`INSERT INTO messaging.thread_reads (clinic_id, thread_id, subject, read_seq)
          VALUES (${tx.clinicId}, ${threadId}::uuid, ${subject}, ${upTo})
          ON CONFLICT (thread_id, subject) DO UPDATE SET read_seq = GREATEST(messaging.thread_reads.read_seq, EXCLUDED.read_seq)`,
      { prepared: true },
    );
    // Personal inbox and per-member counters: the messages between the reader's marks, not their own.
    await tx.execute(
      sql`WITH mode AS (
            SELECT coalesce((SELECT shared_read_clears FROM messaging.messaging_settings WHERE clinic_id = ${tx.clinicId}), 'per_inbox') AS clears
          ), delta AS (
            SELECT count(*)::int AS n FROM messaging.messages m
             WHERE m.clinic_id = ${tx.clinicId} AND m.thread_id = ${threadId}::uuid AND m.seq > ${from} AND m.seq <= ${upTo}
               AND ${COUNTED} AND m.author_subject <> ${subject}
          ), mine AS (
            SELECT i.id FROM messaging.thread_inboxes ti JOIN messaging.inboxes i ON i.id = ti.inbox_id CROSS JOIN mode
             WHERE ti.clinic_id = ${tx.clinicId} AND ti.thread_id = ${threadId}::uuid
               AND (i.owner_subject = ${subject}
                    OR (mode.clears = 'per_user' AND EXISTS (SELECT 1 FROM messaging.org_members om
                                                               WHERE om.unit_id = i.unit_id AND om.subject = ${subject})))
          )
          UPDATE messaging.unread_counters c SET unread = GREATEST(c.unread - delta.n, 0)
            FROM delta WHERE delta.n > 0 AND c.subject = ${subject} AND c.inbox_id IN (SELECT id FROM mine)`,
      { prepared: true },
    );
    // Shared inboxes cleared per inbox: the messages after the inbox's own mark.
    await tx.execute(
      sql`WITH mode AS (
            SELECT coalesce((SELECT shared_read_clears FROM messaging.messaging_settings WHERE clinic_id = ${tx.clinicId}), 'per_inbox') AS clears
          ), marks AS (
            SELECT ti.inbox_id, ti.read_seq FROM messaging.thread_inboxes ti
              JOIN messaging.inboxes i ON i.id = ti.inbox_id
              JOIN messaging.org_members om ON om.unit_id = i.unit_id AND om.subject = ${subject}
              CROSS JOIN mode
             WHERE ti.clinic_id = ${tx.clinicId} AND ti.thread_id = ${threadId}::uuid AND mode.clears = 'per_inbox'
               AND ti.read_seq < ${upTo}
          ), deltas AS (
            SELECT marks.inbox_id, (SELECT count(*)::int FROM messaging.messages m
                                     WHERE m.clinic_id = ${tx.clinicId} AND m.thread_id = ${threadId}::uuid
                                       AND m.seq > marks.read_seq AND m.seq <= ${upTo} AND ${COUNTED}) AS n
              FROM marks
          ), moved AS (
            UPDATE messaging.thread_inboxes ti SET read_seq = ${upTo}
              FROM marks WHERE ti.thread_id = ${threadId}::uuid AND ti.inbox_id = marks.inbox_id
          )
          UPDATE messaging.unread_counters c SET unread = GREATEST(c.unread - deltas.n, 0)
            FROM deltas WHERE c.inbox_id = deltas.inbox_id AND c.subject = ${WHOLE_INBOX} AND deltas.n > 0`,
      { prepared: true },
    );
  }

  /** What `subject` sees unread per inbox: their own counter, or the inbox's when it clears per inbox. */
  async of(tx: Tx, subject: string, inboxIds: string[]): Promise<Map<string, number>> {
    const rows = await tx.rows(
      sql`SELECT inbox_id AS "inboxId", max(unread)::int AS unread FROM messaging.unread_counters
           WHERE clinic_id = ${tx.clinicId} AND inbox_id = ANY(${inboxIds}::uuid[]) AND subject IN (${subject}, ${WHOLE_INBOX})
           GROUP BY inbox_id`,
      z.object({ inboxId: z.string(), unread: z.number() }),
      { prepared: true },
    );
    return new Map(rows.map((r) => [r.inboxId, r.unread]));
  }

  /** Sets every counter of the clinic to its recount (after a change of mode or of a unit's members). */
  async rebuild(tx: Tx): Promise<void> {
    await tx.execute(sql`DELETE FROM messaging.unread_counters WHERE clinic_id = ${tx.clinicId}`);
    await tx.execute(
      sql`INSERT INTO messaging.unread_counters (clinic_id, inbox_id, subject, unread)
          SELECT ${tx.clinicId}, r."inboxId", r.subject, r.unread FROM (${unreadRecount(tx.clinicId)}) r`,
    );
  }
}
