import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ChannelName } from '../channels/channel';
import type { Language } from '../templates/notification-kind';

/** A patient's contact points and preferences. Patient data: never log it. */
export interface PatientContact {
  patientId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  pushToken: string | null;
  preferredChannel: ChannelName | null;
  language: Language | null;
  /** Reachable through the national health portal: notified there, not by SMS/e-mail. */
  portalReachable: boolean;
  /** The contact points belong to a guardian: never used for hidden appointments. */
  guardianContact: boolean;
}

const COLUMNS = `patient_id AS "patientId", name, email, phone, push_token AS "pushToken",
  preferred_channel AS "preferredChannel", language, portal_reachable AS "portalReachable",
  guardian_contact AS "guardianContact"`;

@Injectable()
export class PatientContactsRepository {
  async find(manager: EntityManager, clinicId: string, patientId: string): Promise<PatientContact | null> {
    const [row] = (await manager.query(
      `SELECT ${COLUMNS} FROM notifications.patient_contacts WHERE clinic_id = $1 AND patient_id = $2`,
      [clinicId, patientId],
    )) as PatientContact[];
    return row ?? null;
  }

  async put(manager: EntityManager, clinicId: string, c: PatientContact): Promise<void> {
    await manager.query(
      `INSERT INTO notifications.patient_contacts (clinic_id, patient_id, name, email, phone, push_token,
         preferred_channel, language, portal_reachable, guardian_contact)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (clinic_id, patient_id) DO UPDATE SET name = $3, email = $4, phone = $5, push_token = $6,
         preferred_channel = $7, language = $8, portal_reachable = $9, guardian_contact = $10, updated_at = now()`,
      [
        clinicId,
        c.patientId,
        c.name,
        c.email,
        c.phone,
        c.pushToken,
        c.preferredChannel,
        c.language,
        c.portalReachable,
        c.guardianContact,
      ],
    );
  }

  async remove(manager: EntityManager, clinicId: string, patientId: string): Promise<boolean> {
    const [, count] = (await manager.query(
      `DELETE FROM notifications.patient_contacts WHERE clinic_id = $1 AND patient_id = $2`,
      [clinicId, patientId],
    )) as [unknown, number];
    return count > 0;
  }
}

/** The address of a contact on a channel, if it has one. */
export function addressOn(contact: PatientContact, channel: ChannelName): string | null {
  if (channel === 'email') return contact.email;
  if (channel === 'sms') return contact.phone;
  return contact.pushToken;
}
