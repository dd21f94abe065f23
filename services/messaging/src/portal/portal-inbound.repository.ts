import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

const Row = z.object({ threadId: z.string(), messageId: z.string() });

/** The portal's message ids and the threads they created, per clinic. */
@Injectable()
export class PortalInboundRepository {
  /**
   * Serialises the same portal message id in this clinic until the transaction ends, then answers
   * the thread it created before and its first message (or null): a concurrent duplicate waits
   * and finds the first.
   */
  async lockAndFind(
    tx: Tx,
    portalMessageId: string,
  ): Promise<{ threadId: string; messageId: string } | null> {
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`portal-inbound|${tx.clinicId}|${portalMessageId}`}, 0))`,
    );
    const row = await tx.maybeOne(
      sql`SELECT i.thread_id AS "threadId", m.id AS "messageId"
            FROM messaging.portal_inbound i
            JOIN messaging.messages m ON m.clinic_id = i.clinic_id AND m.thread_id = i.thread_id AND m.seq = 1
           WHERE i.clinic_id = ${tx.clinicId} AND i.portal_message_id = ${portalMessageId}`,
      Row,
    );
    return row ?? null;
  }

  async record(tx: Tx, portalMessageId: string, threadId: string, at: Date): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.portal_inbound (clinic_id, portal_message_id, thread_id, created_at)
          VALUES (${tx.clinicId}, ${portalMessageId}, ${threadId}::uuid, ${at})`,
    );
  }
}
