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

/**
 * Row-level security on a table with a clinic_id column: rows of other clinics are invisible.
 * Forced, so it binds the owner role too (migrations, SECURITY DEFINER functions): only a
 * superuser or a BYPASSRLS role sees past it, and the services never connect as either.
 */
export async function enableTenantIsolation(q: QueryRunner, table: string, schema: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await q.query(`CREATE POLICY tenant_isolation ON ${table}
    USING (clinic_id = ${schema}.current_clinic_id()) WITH CHECK (clinic_id = ${schema}.current_clinic_id())`);
}

/** Forces row-level security on every table of the schema that has it enabled. Idempotent. */
export async function forceTenantIsolation(q: QueryRunner, schema: string): Promise<void> {
  const tables = (await q.query(
    `SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND c.relrowsecurity
      ORDER BY c.relname`,
    [schema],
  )) as { relname: string }[];
  for (const { relname } of tables) {
    await q.query(`ALTER TABLE ${schema}."${relname}" FORCE ROW LEVEL SECURITY`);
  }
}

/** Undoes `forceTenantIsolation`: row-level security stays enabled, the owner passes it again. */
export async function unforceTenantIsolation(q: QueryRunner, schema: string): Promise<void> {
  const tables = (await q.query(
    `SELECT c.relname FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND c.relforcerowsecurity
      ORDER BY c.relname`,
    [schema],
  )) as { relname: string }[];
  for (const { relname } of tables) {
    await q.query(`ALTER TABLE ${schema}."${relname}" NO FORCE ROW LEVEL SECURITY`);
  }
}

export async function dropTenantBase(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${schema}.audit_log`);
  await q.query(`DROP FUNCTION IF EXISTS ${schema}.current_clinic_id()`);
}
