import type { QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';

/** The role `audit verify` connects as: reads every clinic's audit rows (BYPASSRLS), changes nothing. */
export const AUDIT_READER_ROLE = 'carebus_audit_reader';

/** The tables of a schema's audit trail that nobody may change once written. */
const APPEND_ONLY = ['audit_log', 'audit_seal', 'audit_anchor'] as const;

/**
 * Turns a schema's `audit_log` (from `createTenantBase`) into the tamper-evident audit trail:
 *
 * - rows name who (subject, role, client id), what (action, resource, patient id) and when, and
 *   record the writing transaction's id (`tx_id`) so the sealer knows which rows may still appear;
 * - `audit_seal` chains each row by SHA-256 over (previous chain hash, row content hash), one
 *   chain per clinic and one `platform` chain for rows without a clinic; `audit_anchor` records
 *   chain heads. Writers only INSERT into `audit_log`: the sealer chains rows behind them, so no
 *   writer waits on a chain head;
 * - append-only: the app role keeps INSERT and SELECT on `audit_log` and nothing on the others;
 *   a trigger refuses UPDATE, DELETE and TRUNCATE on all three, for the owner role too;
 * - sealing and anchoring run as SECURITY DEFINER functions, the only way to add seals and anchors.
 */
export async function createAuditTrail(q: QueryRunner, schema: string): Promise<void> {
  const s = schema;
  await q.query(`ALTER TABLE ${s}.audit_log ALTER COLUMN clinic_id DROP NOT NULL`);
  await q.query(`ALTER TABLE ${s}.audit_log RENAME COLUMN actor TO subject`);
  await q.query(`ALTER TABLE ${s}.audit_log
    ADD COLUMN role text,
    ADD COLUMN client_id text,
    ADD COLUMN patient_id uuid,
    ADD COLUMN tx_id xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  await q.query(`CREATE INDEX audit_log_tx ON ${s}.audit_log (tx_id)`);
  await q.query(
    `CREATE INDEX audit_log_patient ON ${s}.audit_log (clinic_id, patient_id, id) WHERE patient_id IS NOT NULL`,
  );
  // Platform rows (no clinic) are seen only by sessions without a tenant: operators' actions.
  await q.query(`DROP POLICY tenant_isolation ON ${s}.audit_log`);
  await q.query(`CREATE POLICY tenant_isolation ON ${s}.audit_log
    USING (clinic_id IS NOT DISTINCT FROM ${s}.current_clinic_id())
    WITH CHECK (clinic_id IS NOT DISTINCT FROM ${s}.current_clinic_id())`);

  await q.query(`
    CREATE TABLE ${s}.audit_seal (
      chain text NOT NULL,
      position bigint NOT NULL CHECK (position > 0),
      row_id bigint NOT NULL UNIQUE,
      content_hash bytea NOT NULL,
      chain_hash bytea NOT NULL,
      sealed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (chain, position)
    )`);
  await q.query(`
    CREATE TABLE ${s}.audit_anchor (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      chain text NOT NULL,
      position bigint NOT NULL,
      chain_hash bytea NOT NULL,
      anchored_at timestamptz NOT NULL DEFAULT now()
    )`);
  await q.query(`CREATE INDEX audit_anchor_chain ON ${s}.audit_anchor (chain, position)`);
  // The sealer's working state: each chain's head, and the oldest transaction whose rows may
  // still be unsealed. Only the sealing functions touch them.
  await q.query(`
    CREATE TABLE ${s}.audit_chain_head (
      chain text PRIMARY KEY,
      position bigint NOT NULL,
      chain_hash bytea NOT NULL
    )`);
  await q.query(`
    CREATE TABLE ${s}.audit_sealer_state (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      low_tx xid8 NOT NULL
    )`);
  await q.query(`INSERT INTO ${s}.audit_sealer_state (low_tx) VALUES ('0'::xid8)`);

  await q.query(`
    CREATE FUNCTION ${s}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit trail is append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$`);
  for (const table of APPEND_ONLY) {
    await q.query(`CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON ${s}.${table}
      FOR EACH ROW EXECUTE FUNCTION ${s}.audit_append_only()`);
    await q.query(`CREATE TRIGGER append_only_truncate BEFORE TRUNCATE ON ${s}.${table}
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.audit_append_only()`);
  }

  // The content a row's hash covers: each field length-prefixed (UTF-8 octets), '-' for null,
  // so no two different rows read alike. `audit verify` rebuilds it in TypeScript.
  await q.query(`
    CREATE FUNCTION ${s}.audit_row_text(r ${s}.audit_log) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(CASE WHEN f IS NULL THEN '-' ELSE octet_length(f)::text || ':' || f END, '' ORDER BY i)
      FROM unnest(ARRAY[r.id::text, r.clinic_id::text, r.subject, r.role, r.client_id, r.action,
                        r.resource_type, r.resource_id, r.patient_id::text, r.outcome, r.trace_id,
                        to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')])
           WITH ORDINALITY AS t(f, i)
    $$`);
  // Chains up to max_rows unsealed rows in id order; -1 when another sealer holds the lock.
  // Rows of transactions older than the snapshot's xmin are all visible now, so once a pass
  // seals everything it saw, later passes start at that xmin (low_tx) and still see rows of
  // transactions that commit late.
  await q.query(`
    CREATE FUNCTION ${s}.audit_seal(max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      horizon xid8 := pg_snapshot_xmin(pg_current_snapshot());
      low xid8;
      r ${s}.audit_log;
      chain_key text;
      content bytea;
      head_position bigint;
      head_hash bytea;
      sealed integer := 0;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtextextended('${s}.audit_seal', 0)) THEN
        RETURN -1;
      END IF;
      SELECT low_tx INTO low FROM ${s}.audit_sealer_state;
      FOR r IN
        SELECT a.* FROM ${s}.audit_log a
        WHERE a.tx_id >= low AND NOT EXISTS (SELECT 1 FROM ${s}.audit_seal x WHERE x.row_id = a.id)
        ORDER BY a.id LIMIT max_rows
      LOOP
        chain_key := coalesce(r.clinic_id::text, 'platform');
        content := sha256(convert_to(${s}.audit_row_text(r), 'UTF8'));
        SELECT h.position, h.chain_hash INTO head_position, head_hash
          FROM ${s}.audit_chain_head h WHERE h.chain = chain_key;
        IF NOT FOUND THEN
          head_position := 0;
          head_hash := ''::bytea;
        END IF;
        head_position := head_position + 1;
        head_hash := sha256(head_hash || content);
        INSERT INTO ${s}.audit_seal (chain, position, row_id, content_hash, chain_hash)
          VALUES (chain_key, head_position, r.id, content, head_hash);
        INSERT INTO ${s}.audit_chain_head (chain, position, chain_hash) VALUES (chain_key, head_position, head_hash)
          ON CONFLICT (chain) DO UPDATE SET position = excluded.position, chain_hash = excluded.chain_hash;
        sealed := sealed + 1;
      END LOOP;
      IF sealed < max_rows THEN
        UPDATE ${s}.audit_sealer_state SET low_tx = greatest(low_tx, horizon);
      END IF;
      RETURN sealed;
    END $$`);
  // Records every chain head that moved since its last anchor; call it in the sealing
  // transaction (after audit_seal returned >= 0), whose lock keeps anchors in order.
  await q.query(`
    CREATE FUNCTION ${s}.audit_anchor_heads()
    RETURNS TABLE (chain text, "position" bigint, chain_hash bytea, anchored_at timestamptz)
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      INSERT INTO ${s}.audit_anchor (chain, position, chain_hash)
      SELECT h.chain, h.position, h.chain_hash FROM ${s}.audit_chain_head h
      WHERE NOT EXISTS (SELECT 1 FROM ${s}.audit_anchor a WHERE a.chain = h.chain AND a.position >= h.position)
      RETURNING chain, position, chain_hash, anchored_at
    $$`);
  // Age of the oldest unsealed row, for the sealer's metric (the unsealed window).
  await q.query(`
    CREATE FUNCTION ${s}.audit_unsealed_age() RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      SELECT coalesce(extract(epoch FROM now() - min(a.at)), 0)::double precision FROM ${s}.audit_log a
      WHERE a.tx_id >= (SELECT low_tx FROM ${s}.audit_sealer_state)
        AND NOT EXISTS (SELECT 1 FROM ${s}.audit_seal x WHERE x.row_id = a.id)
    $$`);

  await letSealerAcrossClinics(q, s);
  await revokeChanges(q, s);
  await q.query(`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${AUDIT_READER_ROLE}') THEN
        GRANT USAGE ON SCHEMA ${s} TO ${AUDIT_READER_ROLE};
        GRANT SELECT ON ${s}.audit_log, ${s}.audit_seal, ${s}.audit_anchor, ${s}.audit_chain_head,
          ${s}.audit_sealer_state
          TO ${AUDIT_READER_ROLE};
      END IF;
    END $$`);
}

/**
 * Row-level security on `audit_log` is forced, so it binds the owner role the sealing functions
 * run as: without a way through they would see platform rows only and seal nothing of any
 * clinic. The owner's SECURITY DEFINER functions (sealing, anchoring, the unsealed age) read every
 * clinic's rows through a policy for the owner alone, only while called by another login.
 * `carebus_audit_reader` has BYPASSRLS, which forced row-level security does not bind. Idempotent.
 */
export async function letSealerAcrossClinics(q: QueryRunner, schema: string): Promise<void> {
  await allowOwnerFunctionsAcrossClinics(q, `${schema}.audit_log`);
}

/** Undoes `letSealerAcrossClinics`. */
export async function unletSealerAcrossClinics(q: QueryRunner, schema: string): Promise<void> {
  await disallowOwnerFunctionsAcrossClinics(q, `${schema}.audit_log`);
}

/**
 * Whoever was granted rights on the audit tables (the app role, by the schema's default
 * privileges) keeps INSERT and SELECT on `audit_log` and nothing on the sealer's tables.
 */
async function revokeChanges(q: QueryRunner, s: string): Promise<void> {
  await q.query(`
    DO $$
    DECLARE
      g record;
    BEGIN
      FOR g IN
        SELECT DISTINCT c.relname AS tbl,
               CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS who
        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
        WHERE c.relnamespace = '${s}'::regnamespace
          AND c.relname IN ('audit_log', 'audit_seal', 'audit_anchor', 'audit_chain_head', 'audit_sealer_state')
          AND a.grantee <> c.relowner
      LOOP
        IF g.tbl = 'audit_log' THEN
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${s}.%I FROM %s', g.tbl, g.who);
        ELSE
          EXECUTE format('REVOKE ALL ON ${s}.%I FROM %s', g.tbl, g.who);
        END IF;
      END LOOP;
    END $$`);
}

/** Undoes `createAuditTrail` (rows written since keep their new columns' values dropped). */
export async function dropAuditTrail(q: QueryRunner, schema: string): Promise<void> {
  const s = schema;
  for (const fn of ['audit_unsealed_age()', 'audit_anchor_heads()', 'audit_seal(integer)']) {
    await q.query(`DROP FUNCTION IF EXISTS ${s}.${fn}`);
  }
  await q.query(
    `DROP TABLE IF EXISTS ${s}.audit_sealer_state, ${s}.audit_chain_head, ${s}.audit_anchor, ${s}.audit_seal`,
  );
  await q.query(`DROP TRIGGER IF EXISTS append_only ON ${s}.audit_log`);
  await q.query(`DROP TRIGGER IF EXISTS append_only_truncate ON ${s}.audit_log`);
  await q.query(`DROP FUNCTION IF EXISTS ${s}.audit_row_text(${s}.audit_log)`);
  await q.query(`DROP FUNCTION IF EXISTS ${s}.audit_append_only()`);
  await q.query(`DROP POLICY IF EXISTS owner_functions ON ${s}.audit_log`);
  await q.query(`DROP POLICY tenant_isolation ON ${s}.audit_log`);
  await q.query(`DELETE FROM ${s}.audit_log WHERE clinic_id IS NULL`);
  await q.query(`CREATE POLICY tenant_isolation ON ${s}.audit_log
    USING (clinic_id = ${s}.current_clinic_id()) WITH CHECK (clinic_id = ${s}.current_clinic_id())`);
  await q.query(
    `ALTER TABLE ${s}.audit_log DROP COLUMN tx_id, DROP COLUMN patient_id, DROP COLUMN client_id, DROP COLUMN role`,
  );
  await q.query(`ALTER TABLE ${s}.audit_log RENAME COLUMN subject TO actor`);
  await q.query(`ALTER TABLE ${s}.audit_log ALTER COLUMN clinic_id SET NOT NULL`);
}
