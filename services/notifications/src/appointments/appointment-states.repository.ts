import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { AppointmentState } from './appointment-version';

// bigint arrives as text
const VersionRow = z.object({ version: z.coerce.number().int() });

/**
 * Each appointment's status and the version of the last scheduling event applied for it, written
 * in the consumer's transaction (with the inbox claim and the notifications the event plans).
 */
@Injectable()
export class AppointmentStatesRepository {
  /** The version held for the appointment, its row locked until the transaction ends; null when none. */
  async lockVersion(tx: Tx, appointmentId: string): Promise<number | null> {
    const row = await tx.maybeOne(
      sql`SELECT version FROM notifications.appointment_states
          WHERE clinic_id = ${tx.clinicId} AND appointment_id = ${appointmentId} FOR UPDATE`,
      VersionRow,
      { prepared: true },
    );
    return row?.version ?? null;
  }

  /**
   * Records the status at `version`, unless a newer or equal version is held by then (another
   * transaction inserted the first row meanwhile): false when it was not recorded.
   */
  async record(tx: Tx, appointmentId: string, status: AppointmentState, version: number): Promise<boolean> {
    const recorded = await tx.execute(
      sql`INSERT INTO notifications.appointment_states (clinic_id, appointment_id, status, version, updated_at)
          VALUES (${tx.clinicId}, ${appointmentId}, ${status}, ${version}, now())
          ON CONFLICT (clinic_id, appointment_id) DO UPDATE SET status = EXCLUDED.status,
            version = EXCLUDED.version, updated_at = now()
          WHERE appointment_states.version < EXCLUDED.version`,
      { prepared: true },
    );
    return recorded > 0;
  }
}
