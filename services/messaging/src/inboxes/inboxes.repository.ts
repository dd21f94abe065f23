import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export interface Inbox {
  id: string;
  kind: 'personal' | 'shared';
  ownerSubject: string | null;
  unitId: string | null;
}

const InboxRow = z.object({
  id: z.string(),
  kind: z.enum(['personal', 'shared']),
  ownerSubject: z.string().nullable(),
  unitId: z.string().nullable(),
});

const INBOX_COLUMNS = sql`id, kind, owner_subject AS "ownerSubject", unit_id AS "unitId"`;

/**
 * Inboxes: one personal inbox per staff member (created on first use) and one shared inbox per
 * position, group, role or unit. A staff member's inboxes are their own and those of their units.
 */
@Injectable()
export class InboxesRepository {
  async personal(tx: Tx, subject: string, at: Date): Promise<Inbox> {
    await tx.execute(
      sql`INSERT INTO messaging.inboxes (clinic_id, id, kind, owner_subject, created_at)
          VALUES (${tx.clinicId}, ${randomUUID()}, 'personal', ${subject}, ${at}) ON CONFLICT DO NOTHING`,
      { prepared: true },
    );
    return tx.one(
      sql`SELECT ${INBOX_COLUMNS} FROM messaging.inboxes WHERE clinic_id = ${tx.clinicId} AND owner_subject = ${subject}`,
      InboxRow,
      { prepared: true },
    );
  }

  async shared(tx: Tx, unitId: string, at: Date): Promise<Inbox> {
    await tx.execute(
      sql`INSERT INTO messaging.inboxes (clinic_id, id, kind, unit_id, created_at)
          VALUES (${tx.clinicId}, ${randomUUID()}, 'shared', ${unitId}::uuid, ${at}) ON CONFLICT DO NOTHING`,
      { prepared: true },
    );
    return tx.one(
      sql`SELECT ${INBOX_COLUMNS} FROM messaging.inboxes WHERE clinic_id = ${tx.clinicId} AND unit_id = ${unitId}::uuid`,
      InboxRow,
      { prepared: true },
    );
  }

  async find(tx: Tx, id: string): Promise<Inbox | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${INBOX_COLUMNS} FROM messaging.inboxes WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        InboxRow,
      )) ?? null
    );
  }

  /** The inboxes `subject` reads: their personal one and the shared ones of their units. */
  async of(tx: Tx, subject: string): Promise<Inbox[]> {
    return tx.rows(
      sql`SELECT ${INBOX_COLUMNS} FROM messaging.inboxes i
           WHERE i.clinic_id = ${tx.clinicId}
             AND (i.owner_subject = ${subject}
                  OR i.unit_id IN (SELECT unit_id FROM messaging.org_members WHERE clinic_id = ${tx.clinicId} AND subject = ${subject}))
           ORDER BY i.kind DESC, i.created_at, i.id`,
      InboxRow,
      { prepared: true },
    );
  }
}
