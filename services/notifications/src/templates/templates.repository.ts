import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { DEFAULT_TEMPLATES, type TemplateText } from './default-templates';
import { LANGUAGES, NOTIFICATION_KINDS, type Language, type NotificationKind } from './notification-kind';

export interface ClinicTemplate extends TemplateText {
  kind: NotificationKind;
  language: Language;
  custom: boolean;
}

const TextRow = z.object({ subject: z.string(), body: z.string() });
const TemplateRow = TextRow.extend({ kind: z.enum(NOTIFICATION_KINDS), language: z.enum(LANGUAGES) });

/** Clinic templates per kind and language, falling back to the built-in ones. */
@Injectable()
export class TemplatesRepository {
  async get(tx: Tx, kind: NotificationKind, language: Language): Promise<ClinicTemplate> {
    const row = await tx.maybeOne(
      sql`SELECT subject, body FROM notifications.templates
           WHERE clinic_id = ${tx.clinicId} AND kind = ${kind} AND language = ${language}`,
      TextRow,
      { prepared: true },
    );
    return row
      ? { kind, language, custom: true, ...row }
      : { kind, language, custom: false, ...DEFAULT_TEMPLATES[kind][language] };
  }

  /** Every kind and language: the clinic's own text where it wrote one, else the built-in. */
  async list(tx: Tx): Promise<ClinicTemplate[]> {
    const own = await tx.rows(
      sql`SELECT kind, language, subject, body FROM notifications.templates WHERE clinic_id = ${tx.clinicId}`,
      TemplateRow,
    );
    return NOTIFICATION_KINDS.flatMap((kind) =>
      LANGUAGES.map((language): ClinicTemplate => {
        const mine = own.find((t) => t.kind === kind && t.language === language);
        const text = mine ? { subject: mine.subject, body: mine.body } : DEFAULT_TEMPLATES[kind][language];
        return { kind, language, custom: mine !== undefined, ...text };
      }),
    );
  }

  async put(tx: Tx, t: Omit<ClinicTemplate, 'custom'>): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.templates (clinic_id, kind, language, subject, body)
          VALUES (${tx.clinicId}, ${t.kind}, ${t.language}, ${t.subject}, ${t.body})
          ON CONFLICT (clinic_id, kind, language) DO UPDATE SET subject = EXCLUDED.subject,
            body = EXCLUDED.body, updated_at = now()`,
    );
  }

  async remove(tx: Tx, kind: NotificationKind, language: Language): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM notifications.templates
           WHERE clinic_id = ${tx.clinicId} AND kind = ${kind} AND language = ${language}`,
    );
    return removed > 0;
  }
}
