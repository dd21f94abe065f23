import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { AUTHOR_KINDS, DIRECTIONS, RENEWAL_OUTCOMES, type Message, type PrescriptionItem } from './thread';

const MessageRow = z.object({
  id: z.string(),
  threadId: z.string(),
  seq: z.number(),
  authorSubject: z.string(),
  authorKind: z.enum(AUTHOR_KINDS),
  direction: z.enum(DIRECTIONS),
  body: z.string(),
  renewalOutcome: z.enum(RENEWAL_OUTCOMES).nullable(),
  createdAt: z.date(),
});

const ItemRow = z.object({
  position: z.number(),
  name: z.string(),
  strength: z.string(),
  dosage: z.string(),
  renewed: z.boolean().nullable(),
});

/** Messages of threads and the prescription items of renewal requests. Bodies are patient data: never logged. */
@Injectable()
export class MessagesRepository {
  async insert(tx: Tx, m: Message): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.messages (clinic_id, id, thread_id, seq, author_subject, author_kind, direction, body,
            renewal_outcome, created_at)
          VALUES (${tx.clinicId}, ${m.id}, ${m.threadId}, ${m.seq}, ${m.authorSubject}, ${m.authorKind}, ${m.direction},
            ${m.body}, ${m.renewalOutcome}, ${m.createdAt})`,
      { prepared: true },
    );
  }

  async list(tx: Tx, threadId: string): Promise<Message[]> {
    return tx.rows(
      sql`SELECT id, thread_id AS "threadId", seq, author_subject AS "authorSubject", author_kind AS "authorKind",
                 direction, body, renewal_outcome AS "renewalOutcome", created_at AS "createdAt"
            FROM messaging.messages WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid ORDER BY seq`,
      MessageRow,
      { prepared: true },
    );
  }

  async addItems(tx: Tx, threadId: string, items: Omit<PrescriptionItem, 'position' | 'renewed'>[]) {
    if (items.length === 0) return;
    await tx.execute(
      sql`INSERT INTO messaging.prescription_items (clinic_id, thread_id, position, name, strength, dosage)
          SELECT ${tx.clinicId}, ${threadId}::uuid, p::int, n, s, d
            FROM unnest(${items.map((_, i) => i + 1)}::int[], ${items.map((i) => i.name)}::text[],
                        ${items.map((i) => i.strength)}::text[], ${items.map((i) => i.dosage)}::text[]) AS x(p, n, s, d)`,
    );
  }

  async items(tx: Tx, threadId: string): Promise<PrescriptionItem[]> {
    return tx.rows(
      sql`SELECT position, name, strength, dosage, renewed FROM messaging.prescription_items
           WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid ORDER BY position`,
      ItemRow,
    );
  }

  /** Marks each item renewed (listed) or not. */
  async answerItems(tx: Tx, threadId: string, renewed: readonly number[]): Promise<void> {
    await tx.execute(
      sql`UPDATE messaging.prescription_items SET renewed = (position = ANY(${[...renewed]}::int[]))
           WHERE clinic_id = ${tx.clinicId} AND thread_id = ${threadId}::uuid`,
    );
  }
}
