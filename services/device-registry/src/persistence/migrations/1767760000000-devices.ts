import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'device_registry';

/**
 * Enrolment codes (only their SHA-256 hash), enrolled devices with their Ed25519 public keys,
 * heartbeats and component statuses. Owner-run functions answer what an agent's call or the
 * sweeper must know before a clinic is known: which clinic a code hash or a device id belongs to,
 * and which devices of any clinic missed their heartbeats. They return ids, states and public
 * keys only.
 */
export class Devices1767760000000 implements MigrationInterface {
  name = 'Devices1767760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.enrolment_codes (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        code_hash bytea NOT NULL CHECK (octet_length(code_hash) = 32),
        kind text NOT NULL CHECK (kind IN ('workstation', 'clinic_device')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        device_id uuid,
        CONSTRAINT enrolment_codes_hash UNIQUE (code_hash)
      )`);
    await enableTenantIsolation(q, `${S}.enrolment_codes`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.enrolment_codes`);
    await q.query(`
      CREATE FUNCTION ${S}.enrolment_code_clinic(p_hash bytea)
      RETURNS TABLE (clinic_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT c.clinic_id FROM ${S}.enrolment_codes c WHERE c.code_hash = p_hash
      $$`);

    await q.query(`
      CREATE TABLE ${S}.devices (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('workstation', 'clinic_device')),
        state text NOT NULL CHECK (state IN ('needs_name', 'active', 'removed')),
        name text CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
        hostname text NOT NULL CHECK (length(hostname) BETWEEN 1 AND 253),
        machine_id text NOT NULL CHECK (length(machine_id) BETWEEN 1 AND 253),
        agent_version text NOT NULL CHECK (length(agent_version) BETWEEN 1 AND 64),
        public_key bytea NOT NULL CHECK (octet_length(public_key) = 32),
        components jsonb NOT NULL DEFAULT '[]'::jsonb,
        connectivity text NOT NULL CHECK (connectivity IN ('online', 'offline')),
        last_heartbeat_at timestamptz,
        offline_since timestamptz,
        offline_alerted_at timestamptz,
        code_created_by text NOT NULL,
        enrolled_at timestamptz NOT NULL,
        removed_at timestamptz,
        removed_by text,
        version bigint NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX devices_clinic_enrolled ON ${S}.devices (clinic_id, enrolled_at, id)`);
    // One live workstation service per computer and clinic.
    await q.query(`CREATE UNIQUE INDEX devices_one_workstation_per_computer ON ${S}.devices (clinic_id, machine_id)
      WHERE kind = 'workstation' AND state <> 'removed'`);
    await q.query(`CREATE INDEX devices_online_heartbeat ON ${S}.devices (last_heartbeat_at)
      WHERE connectivity = 'online' AND state <> 'removed'`);
    await q.query(`CREATE INDEX devices_offline_unalerted ON ${S}.devices (offline_since)
      WHERE connectivity = 'offline' AND offline_alerted_at IS NULL AND kind = 'clinic_device' AND state <> 'removed'`);
    await enableTenantIsolation(q, `${S}.devices`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.devices`);
    await q.query(`
      CREATE FUNCTION ${S}.device_identity(p_id uuid)
      RETURNS TABLE (clinic_id uuid, public_key bytea, state text, kind text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT d.clinic_id, d.public_key, d.state, d.kind FROM ${S}.devices d WHERE d.id = p_id
      $$`);
    await q.query(`
      CREATE FUNCTION ${S}.devices_missing_heartbeats(p_cutoff timestamptz, p_limit integer)
      RETURNS TABLE (id uuid, clinic_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT d.id, d.clinic_id FROM ${S}.devices d
         WHERE d.connectivity = 'online' AND d.state <> 'removed' AND d.last_heartbeat_at < p_cutoff
         ORDER BY d.last_heartbeat_at LIMIT p_limit
      $$`);
    await q.query(`
      CREATE FUNCTION ${S}.devices_due_offline_alert(p_cutoff timestamptz, p_limit integer)
      RETURNS TABLE (id uuid, clinic_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT d.id, d.clinic_id FROM ${S}.devices d
         WHERE d.connectivity = 'offline' AND d.offline_alerted_at IS NULL AND d.kind = 'clinic_device'
           AND d.state <> 'removed' AND d.offline_since < p_cutoff
         ORDER BY d.offline_since LIMIT p_limit
      $$`);
    await q.query(`
      CREATE FUNCTION ${S}.devices_by_connectivity()
      RETURNS TABLE (connectivity text, devices bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT d.connectivity, count(*) FROM ${S}.devices d WHERE d.state <> 'removed' GROUP BY 1 ORDER BY 1
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.devices_by_connectivity()`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.devices_due_offline_alert(timestamptz, integer)`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.devices_missing_heartbeats(timestamptz, integer)`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.device_identity(uuid)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.devices`);
    await q.query(`DROP TABLE IF EXISTS ${S}.devices`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.enrolment_code_clinic(bytea)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.enrolment_codes`);
    await q.query(`DROP TABLE IF EXISTS ${S}.enrolment_codes`);
  }
}
