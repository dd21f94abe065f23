import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export interface StaffMember {
  userId: string;
  email: string;
  name: string | null;
}

const StaffRow = z.object({ userId: z.string(), email: z.string(), name: z.string().nullable() });

/** Clinic users' e-mail addresses by principal subject, for staff alerts (e.g. the site creator). */
@Injectable()
export class StaffDirectoryRepository {
  async find(tx: Tx, userId: string): Promise<StaffMember | null> {
    const row = await tx.maybeOne(
      sql`SELECT user_id AS "userId", email, name FROM notifications.staff_directory
           WHERE clinic_id = ${tx.clinicId} AND user_id = ${userId}`,
      StaffRow,
      { prepared: true },
    );
    return row ?? null;
  }

  list(tx: Tx): Promise<StaffMember[]> {
    return tx.rows(
      sql`SELECT user_id AS "userId", email, name FROM notifications.staff_directory
           WHERE clinic_id = ${tx.clinicId} ORDER BY user_id`,
      StaffRow,
    );
  }

  async put(tx: Tx, m: StaffMember): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.staff_directory (clinic_id, user_id, email, name)
          VALUES (${tx.clinicId}, ${m.userId}, ${m.email}, ${m.name})
          ON CONFLICT (clinic_id, user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name`,
    );
  }

  async remove(tx: Tx, userId: string): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM notifications.staff_directory WHERE clinic_id = ${tx.clinicId} AND user_id = ${userId}`,
    );
    return removed > 0;
  }
}
