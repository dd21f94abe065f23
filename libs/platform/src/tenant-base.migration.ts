import type { QueryRunner } from 'typeorm';

/**
 * What every service schema starts with: the row-level-security tenant function the policies
 * call, and the audit log of access to patient data (who, what, when, outcome). Each service's
 * first migration applies it to its own schema.
 */
export async function createTenantBase(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE FUNCTION ${schema}.current_clinic_id() RETURNS uuid
    LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('carebus.clinic_id', true), '')::uuid $$`);
  await q.query(`
    CREATE TABLE ${schema}.audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      clinic_id uuid NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text,
      outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
      trace_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
  await q.query(
    `CREATE INDEX audit_log_clinic_resource ON ${schema}.audit_log (clinic_id, resource_type, resource_id, at)`,
  );
  await enableTenantIsolation(q, `${schema}.audit_log`, schema);
}

/** Row-level security on a table with a clinic_id column: rows of other clinics are invisible. */
export async function enableTenantIsolation(q: QueryRunner, table: string, schema: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`CREATE POLICY tenant_isolation ON ${table}
    USING (clinic_id = ${schema}.current_clinic_id()) WITH CHECK (clinic_id = ${schema}.current_clinic_id())`);
}

export async function dropTenantBase(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${schema}.audit_log`);
  await q.query(`DROP FUNCTION IF EXISTS ${schema}.current_clinic_id()`);
}
