import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * The sync engine's durable state. `sync_schedules`: one row per connection with the due times
 * of its full and appointment syncs, an on-demand request, and the lease of the one runner that
 * may work on the connection (claimed by the owner-run `claim_due_sync`, FOR UPDATE SKIP LOCKED).
 * `sync_runs`: the run ledger. `imported_versions`: the last version of each EHR appointment that
 * was imported, written in the transaction of its outbox event (exactly-once import).
 * A trigger gives every new connection its schedule: the first full sync ten minutes on, so the
 * admin may choose providers and mappings first ("sync the whole schedule" starts one at once).
 */
export class SyncEngine1767710000000 implements MigrationInterface {
  name = 'SyncEngine1767710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.sync_schedules (
        connection_id uuid PRIMARY KEY REFERENCES ${S}.ehr_connections (id) ON DELETE CASCADE,
        clinic_id uuid NOT NULL,
        full_due_at timestamptz NOT NULL,
        appointments_due_at timestamptz NOT NULL,
        on_demand_run_id uuid,
        watermark text,
        running_run_id uuid,
        lease_owner text,
        lease_until timestamptz
      )`);
    await q.query(`CREATE INDEX sync_schedules_full_due ON ${S}.sync_schedules (full_due_at)`);
    await q.query(
      `CREATE INDEX sync_schedules_appointments_due ON ${S}.sync_schedules (appointments_due_at)`,
    );
    await q.query(`
      CREATE TABLE ${S}.sync_runs (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL REFERENCES ${S}.ehr_connections (id) ON DELETE CASCADE,
        token uuid NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('full', 'appointments', 'on_demand')),
        state text NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'partially_succeeded', 'failed', 'abandoned')),
        requested_by text,
        requested_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        runner text,
        read integer NOT NULL DEFAULT 0,
        created integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        failed integer NOT NULL DEFAULT 0,
        skipped integer NOT NULL DEFAULT 0,
        error_code text,
        error_message text,
        taken_over_from uuid REFERENCES ${S}.sync_runs (id)
      )`);
    await q.query(
      `CREATE INDEX sync_runs_connection_requested ON ${S}.sync_runs (clinic_id, connection_id, requested_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE ${S}.imported_versions (
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL REFERENCES ${S}.ehr_connections (id) ON DELETE CASCADE,
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
        version text NOT NULL CHECK (length(version) BETWEEN 1 AND 200),
        sync_run_id uuid,
        imported_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, external_id)
      )`);
    // The clinic admin's mapping of the EHR's providers and appointment classes to Carebus.
    await q.query(`
      CREATE TABLE ${S}.provider_mappings (
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL REFERENCES ${S}.ehr_connections (id) ON DELETE CASCADE,
        provider_external_id text NOT NULL CHECK (length(provider_external_id) BETWEEN 1 AND 200),
        practitioner_id uuid NOT NULL,
        calendar_id uuid NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, provider_external_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.class_mappings (
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL REFERENCES ${S}.ehr_connections (id) ON DELETE CASCADE,
        appointment_class text NOT NULL CHECK (length(appointment_class) BETWEEN 1 AND 200),
        appointment_type_id uuid,
        unavailable boolean NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, appointment_class),
        CHECK (unavailable = (appointment_type_id IS NULL))
      )`);
    for (const table of [
      'sync_schedules',
      'sync_runs',
      'imported_versions',
      'provider_mappings',
      'class_mappings',
    ])
      await enableTenantIsolation(q, `${S}.${table}`, S);
    await q.query(`
      CREATE FUNCTION ${S}.schedule_new_connection() RETURNS trigger
      LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO ${S}.sync_schedules (connection_id, clinic_id, full_due_at, appointments_due_at)
        VALUES (NEW.id, NEW.clinic_id, NEW.created_at + interval '10 minutes', NEW.created_at + interval '30 minutes');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ehr_connections_schedule AFTER INSERT ON ${S}.ehr_connections
      FOR EACH ROW EXECUTE FUNCTION ${S}.schedule_new_connection()`);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.sync_schedules`);
    // Claims one connection whose work is due and whose lease is free or expired; ids only. The
    // runner then acts for the connection's clinic. `previous_run_id`: a run whose runner died.
    await q.query(`
      CREATE FUNCTION ${S}.claim_due_sync(p_now timestamptz, p_owner text, p_lease_ms int)
      RETURNS TABLE (connection_id uuid, clinic_id uuid, previous_run_id uuid)
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
        WITH due AS (
          SELECT d.connection_id, d.running_run_id FROM ${S}.sync_schedules d
           WHERE (d.lease_until IS NULL OR d.lease_until < p_now)
             AND (d.on_demand_run_id IS NOT NULL OR d.full_due_at <= p_now
                  OR d.appointments_due_at <= p_now OR d.running_run_id IS NOT NULL)
           ORDER BY LEAST(d.full_due_at, d.appointments_due_at) LIMIT 1 FOR UPDATE SKIP LOCKED)
        UPDATE ${S}.sync_schedules s
           SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_ms / 1000.0)
          FROM due WHERE s.connection_id = due.connection_id
        RETURNING s.connection_id, s.clinic_id, due.running_run_id
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.claim_due_sync(timestamptz, text, int)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.sync_schedules`);
    await q.query(`DROP TRIGGER IF EXISTS ehr_connections_schedule ON ${S}.ehr_connections`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.schedule_new_connection()`);
    for (const table of [
      'class_mappings',
      'provider_mappings',
      'imported_versions',
      'sync_runs',
      'sync_schedules',
    ])
      await q.query(`DROP TABLE IF EXISTS ${S}.${table}`);
  }
}
