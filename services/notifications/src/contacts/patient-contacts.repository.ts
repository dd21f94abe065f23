import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { raw, sql, type Tx } from '@carebus/persistence';
import { CHANNELS } from '../channels/channel';
import { LANGUAGES } from '../templates/notification-kind';
import type { PatientContact } from './patient-contact';

// portalReachable is messaging's decision (patient_reachability), never written with the contact.
const COLUMNS = raw(`c.patient_id AS "patientId", c.name, c.email, c.phone, c.push_token AS "pushToken",
  c.preferred_channel AS "preferredChannel", c.language, COALESCE(r.reachable, false) AS "portalReachable",
  c.guardian_contact AS "guardianContact"`);

const ContactRow = z.object({
  patientId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  pushToken: z.string().nullable(),
  preferredChannel: z.enum(CHANNELS).nullable(),
  language: z.enum(LANGUAGES).nullable(),
  portalReachable: z.boolean(),
  guardianContact: z.boolean(),
});

/** Patients' contact points; read at plan and send time, never copied into a notification. */
@Injectable()
export class PatientContactsRepository {
  async find(tx: Tx, patientId: string): Promise<PatientContact | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM notifications.patient_contacts c
            LEFT JOIN notifications.patient_reachability r ON r.clinic_id = c.clinic_id AND r.patient_id = c.patient_id
           WHERE c.clinic_id = ${tx.clinicId} AND c.patient_id = ${patientId}`,
      ContactRow,
      { prepared: true },
    );
    return row ?? null;
  }

  async put(tx: Tx, c: PatientContact): Promise<void> {
    await tx.execute(
      sql`INSERT INTO notifications.patient_contacts (clinic_id, patient_id, name, email, phone, push_token,
            preferred_channel, language, guardian_contact)
          VALUES (${tx.clinicId}, ${c.patientId}, ${c.name}, ${c.email}, ${c.phone}, ${c.pushToken},
            ${c.preferredChannel}, ${c.language}, ${c.guardianContact})
          ON CONFLICT (clinic_id, patient_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
            phone = EXCLUDED.phone, push_token = EXCLUDED.push_token,
            preferred_channel = EXCLUDED.preferred_channel, language = EXCLUDED.language,
            guardian_contact = EXCLUDED.guardian_contact,
            updated_at = now()`,
    );
  }

  async remove(tx: Tx, patientId: string): Promise<boolean> {
    const removed = await tx.execute(
      sql`DELETE FROM notifications.patient_contacts WHERE clinic_id = ${tx.clinicId} AND patient_id = ${patientId}`,
    );
    return removed > 0;
  }
}
