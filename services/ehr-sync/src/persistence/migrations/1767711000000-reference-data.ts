import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * ehr-sync's local copy of scheduling's reference data (scheduling.clinic/calendar/practitioner/
 * appointment_type.v1): what a mapping may name, and the clinic's time zone for its midnight
 * sync. Ids, names of staff and calendars, flags and versions only; no patient data.
 */
export class ReferenceData1767711000000 implements MigrationInterface {
  name = 'ReferenceData1767711000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.reference_entities (
        clinic_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('calendar', 'practitioner', 'appointment_type')),
        id uuid NOT NULL,
        name text NOT NULL,
        owner_practitioner_id uuid,
        active boolean NOT NULL,
        version bigint NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (kind, id)
      )`);
    await q.query(`CREATE INDEX reference_entities_clinic ON ${S}.reference_entities (clinic_id, kind, id)`);
    await q.query(`
      CREATE TABLE ${S}.clinic_time_zones (
        clinic_id uuid PRIMARY KEY,
        time_zone text NOT NULL,
        version bigint NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL
      )`);
    for (const table of ['reference_entities', 'clinic_time_zones'])
      await enableTenantIsolation(q, `${S}.${table}`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${S}.clinic_time_zones`);
    await q.query(`DROP TABLE IF EXISTS ${S}.reference_entities`);
  }
}
