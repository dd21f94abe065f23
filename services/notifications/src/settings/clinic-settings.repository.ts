import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '../templates/notification-kind';

export interface ClinicSettings {
  clinicId: string;
  clinicName: string;
  senderEmail: string | null;
  senderName: string | null;
  timeZone: string;
  defaultLanguage: Language;
  clinicalAdminEmail: string | null;
  /** Minutes after local midnight. */
  quietHoursStart: number;
  quietHoursEnd: number;
}

export const DEFAULT_SETTINGS: Omit<ClinicSettings, 'clinicId'> = {
  clinicName: '',
  senderEmail: null,
  senderName: null,
  timeZone: 'Europe/Oslo',
  defaultLanguage: 'nb',
  clinicalAdminEmail: null,
  quietHoursStart: 21 * 60,
  quietHoursEnd: 8 * 60,
};

interface SettingsRow {
  clinic_id: string;
  clinic_name: string;
  sender_email: string | null;
  sender_name: string | null;
  time_zone: string;
  default_language: Language;
  clinical_admin_email: string | null;
  quiet_hours_start: number;
  quiet_hours_end: number;
}

/** A clinic's notification settings; a clinic that never set any gets the defaults. */
@Injectable()
export class ClinicSettingsRepository {
  async get(manager: EntityManager, clinicId: string): Promise<ClinicSettings> {
    const [row] = (await manager.query(`SELECT * FROM notifications.clinic_settings WHERE clinic_id = $1`, [
      clinicId,
    ])) as SettingsRow[];
    if (!row) return { clinicId, ...DEFAULT_SETTINGS };
    return {
      clinicId,
      clinicName: row.clinic_name,
      senderEmail: row.sender_email,
      senderName: row.sender_name,
      timeZone: row.time_zone,
      defaultLanguage: row.default_language,
      clinicalAdminEmail: row.clinical_admin_email,
      quietHoursStart: row.quiet_hours_start,
      quietHoursEnd: row.quiet_hours_end,
    };
  }

  async put(manager: EntityManager, s: ClinicSettings): Promise<void> {
    await manager.query(
      `INSERT INTO notifications.clinic_settings (clinic_id, clinic_name, sender_email, sender_name, time_zone,
         default_language, clinical_admin_email, quiet_hours_start, quiet_hours_end, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (clinic_id) DO UPDATE SET clinic_name = $2, sender_email = $3, sender_name = $4,
         time_zone = $5, default_language = $6, clinical_admin_email = $7, quiet_hours_start = $8,
         quiet_hours_end = $9, updated_at = now()`,
      [
        s.clinicId,
        s.clinicName,
        s.senderEmail,
        s.senderName,
        s.timeZone,
        s.defaultLanguage,
        s.clinicalAdminEmail,
        s.quietHoursStart,
        s.quietHoursEnd,
      ],
    );
  }
}

export interface StaffMember {
  userId: string;
  email: string;
  name: string | null;
}

/** Clinic users' e-mail addresses by principal subject, for staff alerts (e.g. the site creator). */
@Injectable()
export class StaffDirectoryRepository {
  async find(manager: EntityManager, clinicId: string, userId: string): Promise<StaffMember | null> {
    const [row] = (await manager.query(
      `SELECT user_id AS "userId", email, name FROM notifications.staff_directory WHERE clinic_id = $1 AND user_id = $2`,
      [clinicId, userId],
    )) as StaffMember[];
    return row ?? null;
  }

  async list(manager: EntityManager, clinicId: string): Promise<StaffMember[]> {
    return (await manager.query(
      `SELECT user_id AS "userId", email, name FROM notifications.staff_directory WHERE clinic_id = $1 ORDER BY user_id`,
      [clinicId],
    )) as StaffMember[];
  }

  async put(manager: EntityManager, clinicId: string, m: StaffMember): Promise<void> {
    await manager.query(
      `INSERT INTO notifications.staff_directory (clinic_id, user_id, email, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (clinic_id, user_id) DO UPDATE SET email = $3, name = $4`,
      [clinicId, m.userId, m.email, m.name],
    );
  }

  async remove(manager: EntityManager, clinicId: string, userId: string): Promise<boolean> {
    const [, count] = (await manager.query(
      `DELETE FROM notifications.staff_directory WHERE clinic_id = $1 AND user_id = $2`,
      [clinicId, userId],
    )) as [unknown, number];
    return count > 0;
  }
}
