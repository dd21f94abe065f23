import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFAULT_TEMPLATES, type TemplateText } from './default-templates';
import type { Language, NotificationKind } from './notification-kind';

export interface ClinicTemplate extends TemplateText {
  kind: NotificationKind;
  language: Language;
  custom: boolean;
}

/** Clinic templates per kind and language, falling back to the built-in ones. */
@Injectable()
export class TemplatesRepository {
  async get(
    manager: EntityManager,
    clinicId: string,
    kind: NotificationKind,
    language: Language,
  ): Promise<ClinicTemplate> {
    const [row] = (await manager.query(
      `SELECT subject, body FROM notifications.templates WHERE clinic_id = $1 AND kind = $2 AND language = $3`,
      [clinicId, kind, language],
    )) as TemplateText[];
    return row
      ? { kind, language, custom: true, ...row }
      : { kind, language, custom: false, ...DEFAULT_TEMPLATES[kind][language] };
  }

  async listCustom(manager: EntityManager, clinicId: string): Promise<ClinicTemplate[]> {
    const rows = (await manager.query(
      `SELECT kind, language, subject, body FROM notifications.templates WHERE clinic_id = $1`,
      [clinicId],
    )) as Omit<ClinicTemplate, 'custom'>[];
    return rows.map((row) => ({ ...row, custom: true }));
  }

  async put(manager: EntityManager, clinicId: string, t: Omit<ClinicTemplate, 'custom'>): Promise<void> {
    await manager.query(
      `INSERT INTO notifications.templates (clinic_id, kind, language, subject, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (clinic_id, kind, language) DO UPDATE SET subject = $4, body = $5, updated_at = now()`,
      [clinicId, t.kind, t.language, t.subject, t.body],
    );
  }

  async remove(
    manager: EntityManager,
    clinicId: string,
    kind: NotificationKind,
    language: Language,
  ): Promise<boolean> {
    const [, count] = (await manager.query(
      `DELETE FROM notifications.templates WHERE clinic_id = $1 AND kind = $2 AND language = $3`,
      [clinicId, kind, language],
    )) as [unknown, number];
    return count > 0;
  }
}
