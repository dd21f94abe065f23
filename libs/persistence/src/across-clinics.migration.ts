/** What runs SQL in a migration: a TypeORM QueryRunner, a pg Client. */
interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/**
 * The setting under which the owner role reads and writes a table's rows of every clinic. Only
 * the owner's own functions set it (`SET carebus.across_clinics = 'on'` in their definition, see
 * `letFunctionsAcrossClinics`), and a migration that must touch rows of every clinic, which says
 * so with `SET LOCAL`. The policy names the owner role only: any other role setting it gains nothing.
 */
export const ACROSS_CLINICS_SETTING = 'carebus.across_clinics';

/**
 * The owner's way through forced row-level security on `table`, for SECURITY DEFINER functions
 * that work across clinics (claiming due jobs of every clinic, audit sealing). Idempotent.
 */
export async function allowOwnerAcrossClinics(q: SqlRunner, table: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS owner_across_clinics ON ${table}`);
  await q.query(`
    DO $$ BEGIN
      EXECUTE format(
        'CREATE POLICY owner_across_clinics ON ${table} TO %I
           USING (current_setting(''${ACROSS_CLINICS_SETTING}'', true) = ''on'')
           WITH CHECK (current_setting(''${ACROSS_CLINICS_SETTING}'', true) = ''on'')',
        (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = '${table}'::regclass));
    END $$`);
}

/**
 * Owner-run functions (SECURITY DEFINER) that see across clinics through
 * `allowOwnerAcrossClinics`: the setting holds while the function runs, and only then.
 * `functions` are signatures, e.g. `scheduling.clinic_catalogue(text, uuid, int)`.
 */
export async function letFunctionsAcrossClinics(q: SqlRunner, functions: readonly string[]): Promise<void> {
  for (const fn of functions) await q.query(`ALTER FUNCTION ${fn} SET ${ACROSS_CLINICS_SETTING} = 'on'`);
}

/** Undoes `allowOwnerAcrossClinics` and `letFunctionsAcrossClinics`. */
export async function disallowOwnerAcrossClinics(
  q: SqlRunner,
  tables: readonly string[],
  functions: readonly string[],
): Promise<void> {
  for (const fn of functions) await q.query(`ALTER FUNCTION ${fn} RESET ${ACROSS_CLINICS_SETTING}`);
  for (const table of tables) await q.query(`DROP POLICY IF EXISTS owner_across_clinics ON ${table}`);
}
