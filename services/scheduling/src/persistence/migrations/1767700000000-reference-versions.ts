import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['calendars', 'practitioners', 'appointment_types', 'patients'] as const;

/**
 * Versions of the reference data scheduling publishes (scheduling.calendar.v1, .practitioner.v1,
 * .appointment_type.v1, .patient.v1): 1 for every existing row, one more with every change, in
 * the change's transaction; `updated_at` is when that version was written.
 */
export class ReferenceVersions1767700000000 implements MigrationInterface {
  name = 'ReferenceVersions1767700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`
        ALTER TABLE scheduling.${table}
          ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version > 0),
          ADD COLUMN updated_at timestamptz`);
      await q.query(`UPDATE scheduling.${table} SET updated_at = created_at`);
      await q.query(`ALTER TABLE scheduling.${table} ALTER COLUMN updated_at SET NOT NULL,
                       ALTER COLUMN updated_at SET DEFAULT now()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      await q.query(`ALTER TABLE scheduling.${table} DROP COLUMN version, DROP COLUMN updated_at`);
    }
  }
}
