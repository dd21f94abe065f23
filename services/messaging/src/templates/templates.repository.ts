import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export const TEMPLATE_KINDS = ['e_contact', 'e_consultation', 'e_dialogue'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export interface Template {
  id: string;
  name: string;
  kind: TemplateKind;
  subject: string;
  body: string;
  version: number;
  createdAt: Date;
}

const TemplateRow = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(TEMPLATE_KINDS),
  subject: z.string(),
  body: z.string(),
  version: z.number(),
  createdAt: z.date(),
});

const COLUMNS = sql`id, name, kind, subject, body, version, created_at AS "createdAt"`;

/** A clinic's message templates and which one is sent automatically when a type of appointment is booked. */
@Injectable()
export class TemplatesRepository {
  async insert(tx: Tx, t: Template): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.templates (clinic_id, id, name, kind, subject, body, version, created_at, updated_at)
          VALUES (${tx.clinicId}, ${t.id}, ${t.name}, ${t.kind}, ${t.subject}, ${t.body}, 1, ${t.createdAt}, ${t.createdAt})`,
    );
  }

  async find(tx: Tx, id: string): Promise<Template | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${COLUMNS} FROM messaging.templates WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
        TemplateRow,
      )) ?? null
    );
  }

  async list(tx: Tx): Promise<Template[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM messaging.templates WHERE clinic_id = ${tx.clinicId} ORDER BY name`,
      TemplateRow,
    );
  }

  async setAutoDialogue(tx: Tx, appointmentTypeId: string, templateId: string, at: Date): Promise<void> {
    await tx.execute(
      sql`INSERT INTO messaging.auto_dialogue_rules (clinic_id, appointment_type_id, template_id, created_at)
          VALUES (${tx.clinicId}, ${appointmentTypeId}::uuid, ${templateId}::uuid, ${at})
          ON CONFLICT (clinic_id, appointment_type_id) DO UPDATE SET template_id = EXCLUDED.template_id`,
    );
  }

  async autoDialogueFor(tx: Tx, appointmentTypeId: string): Promise<Template | null> {
    return (
      (await tx.maybeOne(
        sql`SELECT ${COLUMNS} FROM messaging.templates
             WHERE clinic_id = ${tx.clinicId} AND id = (SELECT template_id FROM messaging.auto_dialogue_rules
                                                        WHERE clinic_id = ${tx.clinicId} AND appointment_type_id = ${appointmentTypeId}::uuid)`,
        TemplateRow,
      )) ?? null
    );
  }

  async sentFor(tx: Tx, appointmentId: string): Promise<boolean> {
    const row = await tx.maybeOne(
      sql`SELECT 1 AS one FROM messaging.auto_dialogue_bookings WHERE clinic_id = ${tx.clinicId} AND appointment_id = ${appointmentId}::uuid`,
      z.object({ one: z.number() }),
    );
    return row !== undefined;
  }

  /** Records the booking's automatic dialogue; false when one was recorded already. */
  async claimBooking(tx: Tx, appointmentId: string, threadId: string, at: Date): Promise<boolean> {
    return (
      (await tx.execute(
        sql`INSERT INTO messaging.auto_dialogue_bookings (clinic_id, appointment_id, thread_id, created_at)
            VALUES (${tx.clinicId}, ${appointmentId}::uuid, ${threadId}::uuid, ${at})
            ON CONFLICT (clinic_id, appointment_id) DO NOTHING`,
      )) === 1
    );
  }
}
