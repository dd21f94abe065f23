import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * The key vault: one shared encryption key (SEK) per clinic, wrapped by a key-encryption key
 * (AES-256-GCM; the nonce and the ciphertext with its 16-byte tag are stored, the SEK never).
 * `version` counts the key's changes (store 1, each replace +1); a KEK rewrap leaves it alone.
 * Two owner-run functions see every clinic's row for the KEK rotation: which clinics still have
 * a key under another KEK version, and how many keys each version wraps. They return ids and
 * counts only, never key material.
 */
export class KeyVault1767500000000 implements MigrationInterface {
  name = 'KeyVault1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.shared_keys (
        clinic_id uuid PRIMARY KEY,
        key_id uuid NOT NULL,
        kek_version text NOT NULL CHECK (kek_version ~ '^[A-Za-z0-9_-]{1,32}$'),
        nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
        ciphertext bytea NOT NULL CHECK (octet_length(ciphertext) = 48),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        replaced_by text,
        replaced_at timestamptz,
        rewrapped_at timestamptz,
        version integer NOT NULL CHECK (version > 0)
      )`);
    await q.query(`CREATE INDEX shared_keys_kek_version ON ${S}.shared_keys (kek_version, clinic_id)`);
    await enableTenantIsolation(q, `${S}.shared_keys`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.shared_keys`);
    await q.query(`
      CREATE FUNCTION ${S}.shared_keys_to_rewrap(p_active text, p_after uuid, p_limit integer)
      RETURNS TABLE (clinic_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT k.clinic_id FROM ${S}.shared_keys k
         WHERE k.kek_version <> p_active AND (p_after IS NULL OR k.clinic_id > p_after)
         ORDER BY k.clinic_id LIMIT p_limit
      $$`);
    await q.query(`
      CREATE FUNCTION ${S}.shared_keys_by_kek_version()
      RETURNS TABLE (kek_version text, keys bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT k.kek_version, count(*) FROM ${S}.shared_keys k GROUP BY k.kek_version ORDER BY 1
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.shared_keys_by_kek_version()`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.shared_keys_to_rewrap(text, uuid, integer)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.shared_keys`);
    await q.query(`DROP TABLE IF EXISTS ${S}.shared_keys`);
  }
}
