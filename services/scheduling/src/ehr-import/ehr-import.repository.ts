import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';

export interface ImportConflict {
  connectionId: string;
  externalId: string;
  calendarId: string | null;
  start: Date;
  end: Date;
  reason: 'overlaps_booking' | 'unmapped_calendar' | 'unmapped_appointment_type';
  causeEventId: string;
}

const Id = z.object({ id: z.string() });

/** The EHR side of scheduling's data: patient links, imported unavailable time, conflicts. */
@Injectable()
export class EhrImportRepository {
  async clinicExists(tx: Tx): Promise<boolean> {
    const rows = await tx.rows(sql`SELECT id FROM scheduling.clinics WHERE id = ${tx.clinicId}`, Id);
    return rows.length === 1;
  }

  /**
   * Serialises, until the transaction ends, the imports that name one EHR patient: two
   * appointments of a new patient on different partitions would otherwise both create the
   * placeholder and one fail on the link's key. After the wait the link committed by the
   * other import is visible (read committed).
   */
  async lockPatientLink(tx: Tx, connectionId: string, externalId: string): Promise<void> {
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ehr-patient:${tx.clinicId}:${connectionId}:${externalId}`}, 0))`,
    );
  }

  /** The scheduling patient linked to the EHR's patient id, if any. */
  async linkedPatient(tx: Tx, connectionId: string, externalId: string): Promise<string | undefined> {
    const found = await tx.maybeOne(
      sql`SELECT patient_id AS id FROM scheduling.ehr_patient_links
          WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId} AND external_id = ${externalId}`,
      Id,
    );
    return found?.id;
  }

  /** A new placeholder patient, linked to the EHR's patient id; the clinic completes it later. */
  async insertLinkedPlaceholder(tx: Tx, connectionId: string, externalId: string): Promise<string> {
    const patientId = uuidv7();
    await tx.execute(
      sql`INSERT INTO scheduling.patients (id, clinic_id, name)
          VALUES (${patientId}, ${tx.clinicId}, 'Patient imported from EHR')`,
    );
    await tx.execute(
      sql`INSERT INTO scheduling.ehr_patient_links (clinic_id, connection_id, external_id, patient_id)
          VALUES (${tx.clinicId}, ${connectionId}, ${externalId}, ${patientId})`,
    );
    return patientId;
  }

  /** Time the EHR has blocked, kept under its reference so a later copy moves it. */
  async upsertUnavailable(
    tx: Tx,
    calendarId: string,
    externalRef: string,
    start: Date,
    end: Date,
  ): Promise<void> {
    await tx.execute(
      sql`INSERT INTO scheduling.unavailable_times (id, clinic_id, calendar_id, during, kind, source, external_ref)
          VALUES (${uuidv7()}, ${tx.clinicId}, ${calendarId}, tstzrange(${start}, ${end}, '[)'), 'unavailable_class',
                  'ehr_import', ${externalRef})
          ON CONFLICT (clinic_id, external_ref)
            DO UPDATE SET calendar_id = EXCLUDED.calendar_id, during = EXCLUDED.during`,
    );
  }

  /** The active appointment an import collides with, for the conflict record. */
  async overlapping(tx: Tx, calendarId: string, start: Date, end: Date): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`SELECT id FROM scheduling.appointments WHERE clinic_id = ${tx.clinicId} AND calendar_id = ${calendarId}
            AND status IN ('booked', 'arrived') AND during && tstzrange(${start}, ${end}, '[)') LIMIT 1`,
      Id,
    );
    return row?.id ?? null;
  }

  async recordConflict(tx: Tx, c: ImportConflict, conflictingAppointmentId: string | null): Promise<void> {
    await tx.execute(
      sql`INSERT INTO scheduling.import_conflicts (id, clinic_id, connection_id, external_id, calendar_id, during,
            conflicting_appointment_id, reason, cause_event_id)
          VALUES (${uuidv7()}, ${tx.clinicId}, ${c.connectionId}, ${c.externalId}, ${c.calendarId},
                  tstzrange(${c.start}, ${c.end}, '[)'), ${conflictingAppointmentId}, ${c.reason}, ${c.causeEventId})`,
    );
  }
}
