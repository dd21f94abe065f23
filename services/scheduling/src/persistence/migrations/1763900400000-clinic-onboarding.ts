import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'scheduling';
const CLINIC_COLUMNS = `c.id, c.name, c.time_zone, c.check_in_window_minutes, c.clinical_admin_email, c.version,
  c.created_at, c.updated_at`;
const CLINIC_TABLE = `(id uuid, name text, time_zone text, check_in_window_minutes integer,
  clinical_admin_email text, version bigint, created_at timestamptz, updated_at timestamptz)`;

/**
 * Clinic onboarding by the platform operator: the clinical administrator's e-mail, a version that
 * orders scheduling.clinic.v1 events, the operator's Idempotency-Key, and the two owner-run
 * functions through which an operator (whose token names no clinic) sees across tenants: the
 * clinic catalogue by name, and the clinic an Idempotency-Key created.
 */
export class ClinicOnboarding1763900400000 implements MigrationInterface {
  name = 'ClinicOnboarding1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.clinics
      ADD COLUMN clinical_admin_email text CHECK (length(clinical_admin_email) BETWEEN 3 AND 254),
      ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN idempotency_key text,
      ADD COLUMN request_hash text,
      ADD CONSTRAINT clinics_idempotency_key UNIQUE (idempotency_key)`);
    await q.query(`UPDATE ${S}.clinics SET updated_at = created_at`);
    await q.query(`CREATE INDEX clinics_by_name ON ${S}.clinics (name, id)`);
    // Row-level security hides every clinic from a transaction without a tenant; these return
    // the catalogue fields of clinics only, never anything a clinic holds.
    await q.query(`
      CREATE FUNCTION ${S}.clinic_catalogue(p_after_name text, p_after_id uuid, p_limit int)
      RETURNS TABLE ${CLINIC_TABLE}
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT ${CLINIC_COLUMNS} FROM ${S}.clinics c
         WHERE p_after_id IS NULL OR (c.name, c.id) > (p_after_name, p_after_id)
         ORDER BY c.name, c.id LIMIT p_limit
      $$`);
    await q.query(`
      CREATE FUNCTION ${S}.clinic_by_idempotency_key(p_key text)
      RETURNS TABLE (id uuid, request_hash text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT c.id, c.request_hash FROM ${S}.clinics c WHERE c.idempotency_key = p_key
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.clinic_by_idempotency_key(text)`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.clinic_catalogue(text, uuid, int)`);
    await q.query(`DROP INDEX IF EXISTS ${S}.clinics_by_name`);
    await q.query(`ALTER TABLE ${S}.clinics DROP CONSTRAINT clinics_idempotency_key,
      DROP COLUMN request_hash, DROP COLUMN idempotency_key, DROP COLUMN updated_at, DROP COLUMN version,
      DROP COLUMN clinical_admin_email`);
  }
}
