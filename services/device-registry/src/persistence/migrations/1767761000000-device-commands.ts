import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'device_registry';

/**
 * The durable command queue per device and its results. The request and the result are sealed
 * (`dr1.…` text, AES-256-GCM under the service's seal key, bound to the command and its clinic),
 * never in clear. `command_results` has the command as its primary key: exactly one recorded
 * result per command, whatever the number of reports.
 */
export class DeviceCommands1767761000000 implements MigrationInterface {
  name = 'DeviceCommands1767761000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.commands (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        device_id uuid NOT NULL REFERENCES ${S}.devices (id),
        kind text NOT NULL CHECK (kind IN ('payment', 'patient_lookup')),
        component text NOT NULL,
        idempotency_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('created', 'delivered', 'completed', 'failed', 'expired')),
        request text NOT NULL CHECK (request LIKE 'dr1.%'),
        patient_id uuid,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        delivery_attempts integer NOT NULL DEFAULT 0,
        delivered_at timestamptz,
        finished_at timestamptz,
        version bigint NOT NULL CHECK (version > 0),
        CONSTRAINT commands_idempotency UNIQUE (clinic_id, device_id, idempotency_id)
      )`);
    await q.query(`CREATE INDEX commands_device_pending ON ${S}.commands (device_id, created_at)
      WHERE status IN ('created', 'delivered')`);
    await q.query(`CREATE INDEX commands_deadline_pending ON ${S}.commands (deadline)
      WHERE status IN ('created', 'delivered')`);
    await enableTenantIsolation(q, `${S}.commands`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.commands`);
    await q.query(`
      CREATE FUNCTION ${S}.commands_past_deadline(p_now timestamptz, p_limit integer)
      RETURNS TABLE (id uuid, clinic_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT c.id, c.clinic_id FROM ${S}.commands c
         WHERE c.status IN ('created', 'delivered') AND c.deadline < p_now
         ORDER BY c.deadline LIMIT p_limit
      $$`);

    await q.query(`
      CREATE TABLE ${S}.command_results (
        command_id uuid PRIMARY KEY REFERENCES ${S}.commands (id),
        clinic_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('completed', 'failed')),
        result text CHECK (result IS NULL OR result LIKE 'dr1.%'),
        error_code text CHECK (error_code IS NULL OR length(error_code) <= 100),
        error_message text CHECK (error_message IS NULL OR length(error_message) <= 500),
        finished_at timestamptz,
        recorded_at timestamptz NOT NULL,
        after_expiry boolean NOT NULL
      )`);
    await enableTenantIsolation(q, `${S}.command_results`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${S}.command_results`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.commands_past_deadline(timestamptz, integer)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.commands`);
    await q.query(`DROP TABLE IF EXISTS ${S}.commands`);
  }
}
