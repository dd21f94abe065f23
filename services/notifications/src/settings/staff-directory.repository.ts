import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

/** Channels a staff member may opt in to for dialogue notices. */
export const STAFF_CHANNELS = ['email', 'sms'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

/** A clinic user's contact points (staff data, not patient data). */
export interface StaffMember {
  userId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  /** Where they want to hear of new dialogues in their inboxes; none until they opt in. */
  dialogueChannels: StaffChannel[];
}

const StaffRow = z.object({
  userId: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  name: z.string().nullable(),
  dialogueChannels: z.array(z.enum(STAFF_CHANNELS)),
});

const COLUMNS = sql`user_id AS "userId", email, phone, name, dialogue_channels AS "dialogueChannels"`;

/** The address of a staff member on a channel, if they have one. */
export function staffAddressOn(member: StaffMember, channel: string): string | null {
  if (channel === 'email') return member.email;
  if (channel === 'sms') return member.phone;
  return null;
}

/** Clinic users' contact points by principal subject: staff alerts (e.g. the site creator) and dialogue notices. */
@Injectable()
export class StaffDirectoryRepository {
  async find(tx: Tx, userId: string): Promise<StaffMember | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM notifications.staff_directory
           WHERE clinic_id = ${tx.clinicId} AND user_id = ${userId}`,
      StaffRow,
      { prepared: true },
    );
    return row ?? null;
  }

  list(tx: Tx): Promise<StaffMember[]> {
    return tx.rows(
      sql`SELECT ${COLUMNS} FROM notifications.staff_directory
           WHERE clinic_id = ${tx.clinicId} ORDER BY user_id`,
      StaffRow,
    );
  }

  async put(tx: Tx, m: StaffMember): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.staff_directory (clinic_id, user_id, email, phone, name, dialogue_channels)
          VALUES (${tx.clinicId}, ${m.userId}, ${m.email}, ${m.phone}, ${m.name}, ${m.dialogueChannels}::text[])
          ON CONFLICT (clinic_id, user_id) DO UPDATE SET email = EXCLUDED.email, phone = EXCLUDED.phone,
            name = EXCLUDED.name, dialogue_channels = EXCLUDED.dialogue_channels`,
    );
  }

  async remove(tx: Tx, userId: string): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM notifications.staff_directory WHERE clinic_id = ${tx.clinicId} AND user_id = ${userId}`,
    );
    return removed > 0;
  }
}
