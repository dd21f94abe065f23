import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, dropOutboxTables } from '@carebus/outbox';
import { createTenantBase, dropTenantBase, enableTenantIsolation } from '@carebus/platform';

/** The scheduling schema's tenant guard, audit log, outbox and inbox, the clinics it serves and their people and calendars. */
export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantBase(q, 'scheduling');
    await createOutboxTables(q, 'scheduling');
    await q.query(`
      CREATE TABLE scheduling.clinics (
        id uuid PRIMARY KEY,
        clinic_id uuid GENERATED ALWAYS AS (id) STORED,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        time_zone text NOT NULL DEFAULT 'Europe/Oslo',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(q, 'scheduling.clinics', 'scheduling');
    // The first shape of the scheduling model: enough for the demo clinic; features extend it.
    await q.query(`
      CREATE TABLE scheduling.practitioners (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES scheduling.clinics (id),
        name text NOT NULL,
        profession text NOT NULL CHECK (profession IN ('gp', 'dentist', 'nurse', 'other')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scheduling.calendars (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES scheduling.clinics (id),
        owner_practitioner_id uuid REFERENCES scheduling.practitioners (id),
        name text NOT NULL,
        online_bookable boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE scheduling.patients (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES scheduling.clinics (id),
        name text NOT NULL,
        national_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (clinic_id, national_id)
      )`);
    for (const table of ['practitioners', 'calendars', 'patients']) {
      await q.query(`CREATE INDEX ${table}_clinic ON scheduling.${table} (clinic_id)`);
      await enableTenantIsolation(q, `scheduling.${table}`, 'scheduling');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS scheduling.patients, scheduling.calendars, scheduling.practitioners`);
    await q.query(`DROP TABLE IF EXISTS scheduling.clinics`);
    await dropOutboxTables(q, 'scheduling');
    await dropTenantBase(q, 'scheduling');
  }
}
