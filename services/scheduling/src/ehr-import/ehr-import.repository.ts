import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';

export interface ImportConflict {
  clinicId: string;
  connectionId: string;
  externalId: string;
  calendarId: string | null;
  start: Date;
  end: Date;
  reason: 'overlaps_booking' | 'unmapped_calendar' | 'unmapped_appointment_type';
  causeEventId: string;
}

/** The EHR side of scheduling's data: patient links, imported unavailable time, conflicts. */
@Injectable()
export class EhrImportRepository {
  async clinicExists(manager: EntityManager, clinicId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM scheduling.clinics WHERE id = $1`, [clinicId])).length === 1;
  }

  /** The linked patient, or a new placeholder patient the clinic completes later. */
  async linkedPatient(
    manager: EntityManager,
    clinicId: string,
    connectionId: string,
    externalId: string,
  ): Promise<string> {
    const found = await manager.query(
      `SELECT patient_id FROM scheduling.ehr_patient_links WHERE clinic_id = $1 AND connection_id = $2 AND external_id = $3`,
      [clinicId, connectionId, externalId],
    );
    if (found[0]) return found[0].patient_id as string;
    const patientId = uuidv7();
    await manager.query(
      `INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, 'Patient imported from EHR')`,
      [patientId, clinicId],
    );
    await manager.query(
      `INSERT INTO scheduling.ehr_patient_links (clinic_id, connection_id, external_id, patient_id) VALUES ($1, $2, $3, $4)`,
      [clinicId, connectionId, externalId, patientId],
    );
    return patientId;
  }

  async upsertUnavailable(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    externalRef: string,
    start: Date,
    end: Date,
    active: boolean,
  ): Promise<void> {
    if (!active) {
      await manager.query(
        `DELETE FROM scheduling.unavailable_times WHERE clinic_id = $1 AND external_ref = $2`,
        [clinicId, externalRef],
      );
      return;
    }
    await manager.query(
      `INSERT INTO scheduling.unavailable_times (id, clinic_id, calendar_id, during, kind, source, external_ref)
       VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), 'unavailable_class', 'ehr_import', $6)
       ON CONFLICT (clinic_id, external_ref) DO UPDATE SET calendar_id = EXCLUDED.calendar_id, during = EXCLUDED.during`,
      [uuidv7(), clinicId, calendarId, start, end, externalRef],
    );
  }

  /** The active appointment an import collides with, for the conflict record. */
  async overlapping(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    start: Date,
    end: Date,
  ): Promise<string | null> {
    const rows = await manager.query(
      `SELECT id FROM scheduling.appointments WHERE clinic_id = $1 AND calendar_id = $2
         AND status IN ('booked', 'arrived') AND during && tstzrange($3, $4, '[)') LIMIT 1`,
      [clinicId, calendarId, start, end],
    );
    return (rows[0]?.id as string | undefined) ?? null;
  }

  async recordConflict(
    manager: EntityManager,
    c: ImportConflict,
    conflictingAppointmentId: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO scheduling.import_conflicts (id, clinic_id, connection_id, external_id, calendar_id, during,
         conflicting_appointment_id, reason, cause_event_id)
       VALUES ($1, $2, $3, $4, $5, tstzrange($6, $7, '[)'), $8, $9, $10)`,
      [
        uuidv7(),
        c.clinicId,
        c.connectionId,
        c.externalId,
        c.calendarId,
        c.start,
        c.end,
        conflictingAppointmentId,
        c.reason,
        c.causeEventId,
      ],
    );
  }

  /** Runs `work` in a savepoint, so a constraint violation undoes only this import, not the batch. */
  async inSavepoint<T>(manager: EntityManager, work: () => Promise<T>): Promise<T> {
    await manager.query('SAVEPOINT ehr_import');
    try {
      const result = await work();
      await manager.query('RELEASE SAVEPOINT ehr_import');
      return result;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT ehr_import');
      throw error;
    }
  }
}
