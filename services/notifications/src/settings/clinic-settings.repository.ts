import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import { LANGUAGES } from '../templates/notification-kind';
import { DEFAULT_SETTINGS, type ClinicCopy, type ClinicSettings } from './clinic-settings';

const SettingsRow = z.object({
  clinicName: z.string(),
  senderEmail: z.string().nullable(),
  senderName: z.string().nullable(),
  timeZone: z.string(),
  defaultLanguage: z.enum(LANGUAGES),
  clinicalAdminEmail: z.string().nullable(),
  quietHoursStart: z.number().int(),
  quietHoursEnd: z.number().int(),
  // bigint arrives as text
  clinicVersion: z.coerce.number().int().nullable(),
});

/** A clinic's notification settings; a clinic that never set any gets the defaults. */
@Injectable()
export class ClinicSettingsRepository {
  async get(tx: Tx): Promise<ClinicSettings> {
    const row = await tx.maybeOne(
      sql`SELECT clinic_name AS "clinicName", sender_email AS "senderEmail", sender_name AS "senderName",
                 time_zone AS "timeZone", default_language AS "defaultLanguage",
                 clinical_admin_email AS "clinicalAdminEmail", quiet_hours_start AS "quietHoursStart",
                 quiet_hours_end AS "quietHoursEnd", clinic_version AS "clinicVersion"
            FROM notifications.clinic_settings WHERE clinic_id = ${tx.clinicId}`,
      SettingsRow,
      { prepared: true },
    );
    return { clinicId: tx.clinicId, ...(row ?? DEFAULT_SETTINGS) };
  }

  /** Writes what the settings API owns; the clinic version stays as the clinic events left it. */
  async put(tx: Tx, s: Omit<ClinicSettings, 'clinicId' | 'clinicVersion'>): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.clinic_settings (clinic_id, clinic_name, sender_email, sender_name, time_zone,
            default_language, clinical_admin_email, quiet_hours_start, quiet_hours_end, updated_at)
          VALUES (${tx.clinicId}, ${s.clinicName}, ${s.senderEmail}, ${s.senderName}, ${s.timeZone},
            ${s.defaultLanguage}, ${s.clinicalAdminEmail}, ${s.quietHoursStart}, ${s.quietHoursEnd}, now())
          ON CONFLICT (clinic_id) DO UPDATE SET clinic_name = EXCLUDED.clinic_name,
            sender_email = EXCLUDED.sender_email, sender_name = EXCLUDED.sender_name,
            time_zone = EXCLUDED.time_zone, default_language = EXCLUDED.default_language,
            clinical_admin_email = EXCLUDED.clinical_admin_email,
            quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
            updated_at = now()`,
    );
  }

  /**
   * Takes scheduling's clinic name, time zone and administrator e-mail unless the settings hold
   * this or a newer version already; the other settings stay. True when it was applied.
   */
  async applyClinic(tx: Tx, c: ClinicCopy): Promise<boolean> {
    const applied = await tx.execute(
      sql`INSERT INTO notifications.clinic_settings (clinic_id, clinic_name, time_zone, clinical_admin_email,
            clinic_version, updated_at)
          VALUES (${tx.clinicId}, ${c.clinicName}, ${c.timeZone}, ${c.clinicalAdminEmail}, ${c.version}, now())
          ON CONFLICT (clinic_id) DO UPDATE SET clinic_name = EXCLUDED.clinic_name,
            time_zone = EXCLUDED.time_zone, clinical_admin_email = EXCLUDED.clinical_admin_email,
            clinic_version = EXCLUDED.clinic_version, updated_at = now()
          WHERE clinic_settings.clinic_version IS NULL OR clinic_settings.clinic_version < EXCLUDED.clinic_version`,
    );
    return applied > 0;
  }
}
