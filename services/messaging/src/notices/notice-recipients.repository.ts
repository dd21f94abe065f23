import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

/** An inbox a thread was routed or addressed to, and the staff subjects who read it now. */
export interface InboxReaders {
  inboxId: string;
  subjects: string[];
}

const Row = z.object({ inboxId: z.string(), subjects: z.array(z.string()) });

/**
 * Who reads a thread's inboxes at this moment: the owner of a personal inbox, the members of a
 * shared one. The sender's own inbox and the author are left out (they know what they wrote).
 */
@Injectable()
export class NoticeRecipientsRepository {
  async of(tx: Tx, threadId: string, author: string): Promise<InboxReaders[]> {
    return tx.rows(
      sql`SELECT ti.inbox_id AS "inboxId",
                 coalesce(array_agg(DISTINCT r.subject ORDER BY r.subject) FILTER (WHERE r.subject IS NOT NULL), '{}') AS subjects
            FROM messaging.thread_inboxes ti
            JOIN messaging.inboxes i ON i.id = ti.inbox_id
            LEFT JOIN LATERAL (
              SELECT i.owner_subject AS subject WHERE i.kind = 'personal'
              UNION ALL
              SELECT m.subject FROM messaging.org_members m
               WHERE i.kind = 'shared' AND m.clinic_id = ${tx.clinicId} AND m.unit_id = i.unit_id
            ) r ON r.subject <> ${author}
           WHERE ti.clinic_id = ${tx.clinicId} AND ti.thread_id = ${threadId}::uuid AND ti.reason <> 'sender'
           GROUP BY ti.inbox_id
           ORDER BY ti.inbox_id`,
      Row,
      { prepared: true },
    );
  }
}
