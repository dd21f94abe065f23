/** What runs SQL in a migration: a TypeORM QueryRunner, a pg Client. */
interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/**
 * The owner's way through forced row-level security on `table`, for its SECURITY DEFINER
 * functions that work across clinics (claiming due jobs of every clinic, audit sealing). The
 * policy names the owner role alone and admits it only while it acts for another login
 * (`session_user <> current_user`: inside a SECURITY DEFINER function the app role called). A
 * session that logged in as the owner (a migration) still sees no clinic's rows; a role that may
 * act as the owner otherwise (a member of it) is refused at start by the services. Idempotent.
 */
export async function allowOwnerFunctionsAcrossClinics(q: SqlRunner, table: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS owner_functions ON ${table}`);
  await q.query(`
    DO $$ BEGIN
      EXECUTE format(
        'CREATE POLICY owner_functions ON ${table} TO %I
           USING (session_user <> current_user) WITH CHECK (session_user <> current_user)',
        (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = '${table}'::regclass));
    END $$`);
}

/** Undoes `allowOwnerFunctionsAcrossClinics`. */
export async function disallowOwnerFunctionsAcrossClinics(q: SqlRunner, table: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS owner_functions ON ${table}`);
}
