import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'scheduling';

/**
 * The scheduling model: locations, appointment types, week templates, work plans, unavailable
 * time, appointments (no double booking: an exclusion constraint on calendar + time range for
 * active appointments), EHR import conflicts and practitioner presence. btree_gist is created
 * once per database by the platform set-up (deploy/local/postgres/schemas.sql).
 */
export class SchedulingModel1763900100000 implements MigrationInterface {
  name = 'SchedulingModel1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.clinics
      ADD COLUMN check_in_window_minutes integer NOT NULL DEFAULT 120
        CHECK (check_in_window_minutes BETWEEN 0 AND 1440)`);
    await q.query(`
      CREATE TABLE ${S}.locations (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        address text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE ${S}.practitioners ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE ${S}.calendars
      ADD COLUMN location_id uuid REFERENCES ${S}.locations (id),
      ADD COLUMN resource_name text,
      ADD COLUMN min_notice_minutes integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes >= 0),
      ADD COLUMN max_days_ahead integer NOT NULL DEFAULT 90 CHECK (max_days_ahead BETWEEN 1 AND 730),
      ADD COLUMN listed_patients_only boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ${S}.patients
      ADD COLUMN national_id_kind text CHECK (national_id_kind IN ('fnr', 'dnr')),
      ADD COLUMN phone text,
      ADD COLUMN email text,
      ADD COLUMN has_guardian boolean NOT NULL DEFAULT false,
      ADD COLUMN listed_practitioner_id uuid REFERENCES ${S}.practitioners (id)`);
    await q.query(`
      CREATE TABLE ${S}.appointment_types (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        colour text NOT NULL DEFAULT '#4A90D9' CHECK (colour ~ '^#[0-9A-Fa-f]{6}$'),
        price_minor integer NOT NULL DEFAULT 0 CHECK (price_minor >= 0),
        currency text NOT NULL DEFAULT 'NOK' CHECK (currency ~ '^[A-Z]{3}$'),
        contact_surface text NOT NULL CHECK (contact_surface IN ('in_person', 'video', 'phone')),
        patient_bookable boolean NOT NULL DEFAULT false,
        patient_information text NOT NULL DEFAULT '',
        notifications_enabled boolean NOT NULL DEFAULT true,
        hidden boolean NOT NULL DEFAULT false,
        daily_online_limit integer CHECK (daily_online_limit > 0),
        archived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${S}.week_templates (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${S}.week_template_blocks (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        week_template_id uuid NOT NULL REFERENCES ${S}.week_templates (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start_time time NOT NULL,
        end_time time NOT NULL,
        appointment_type_id uuid NOT NULL REFERENCES ${S}.appointment_types (id),
        CHECK (start_time < end_time)
      )`);
    await q.query(`
      CREATE TABLE ${S}.work_plans (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        calendar_id uuid NOT NULL REFERENCES ${S}.calendars (id),
        week_template_id uuid NOT NULL REFERENCES ${S}.week_templates (id),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_from <= valid_to),
        CONSTRAINT work_plans_no_overlap EXCLUDE USING gist
          (calendar_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&)
      )`);
    await q.query(`
      CREATE TABLE ${S}.unavailable_times (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        calendar_id uuid NOT NULL REFERENCES ${S}.calendars (id),
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
        kind text NOT NULL CHECK (kind IN ('break', 'absence', 'unavailable_class')),
        reason text NOT NULL DEFAULT '',
        source text NOT NULL DEFAULT 'clinic' CHECK (source IN ('clinic', 'ehr_import')),
        external_ref text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (clinic_id, external_ref)
      )`);
    await q.query(
      `CREATE INDEX unavailable_times_calendar ON ${S}.unavailable_times USING gist (calendar_id, during)`,
    );
    await this.createAppointments(q);
    await q.query(`
      CREATE TABLE ${S}.import_conflicts (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        connection_id uuid NOT NULL,
        external_id text NOT NULL,
        calendar_id uuid,
        during tstzrange NOT NULL,
        conflicting_appointment_id uuid,
        reason text NOT NULL,
        cause_event_id text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE ${S}.practitioner_presence (
        practitioner_id uuid PRIMARY KEY REFERENCES ${S}.practitioners (id),
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        status text NOT NULL CHECK (status IN ('online', 'in_call')),
        last_heartbeat_at timestamptz NOT NULL
      )`);
    const tables = ['locations', 'appointment_types', 'week_templates', 'week_template_blocks', 'work_plans'];
    for (const table of [
      ...tables,
      'unavailable_times',
      'appointments',
      'import_conflicts',
      'practitioner_presence',
    ]) {
      if (tables.includes(table)) await q.query(`CREATE INDEX ${table}_clinic ON ${S}.${table} (clinic_id)`);
      await enableTenantIsolation(q, `${S}.${table}`, S);
    }
  }

  private async createAppointments(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.appointments (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL REFERENCES ${S}.clinics (id),
        calendar_id uuid NOT NULL REFERENCES ${S}.calendars (id),
        appointment_type_id uuid NOT NULL REFERENCES ${S}.appointment_types (id),
        patient_id uuid NOT NULL REFERENCES ${S}.patients (id),
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
        status text NOT NULL CHECK (status IN ('booked', 'arrived', 'cancelled', 'no_show')),
        contact_surface text NOT NULL CHECK (contact_surface IN ('in_person', 'video', 'phone')),
        hidden boolean NOT NULL,
        source_channel text NOT NULL CHECK (source_channel IN ('staff', 'patient_online', 'partner', 'ehr_import')),
        video_started_at timestamptz,
        arrived_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by text CHECK (cancelled_by IN ('clinic', 'patient')),
        cancel_reason text,
        note text NOT NULL DEFAULT '',
        booked_by text NOT NULL,
        idempotency_key text,
        request_hash text,
        connection_id uuid,
        external_id text,
        external_updated_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointments_no_double_booking EXCLUDE USING gist
          (calendar_id WITH =, during WITH &&) WHERE (status IN ('booked', 'arrived')),
        CONSTRAINT appointments_idempotency_key UNIQUE (clinic_id, idempotency_key),
        CONSTRAINT appointments_external UNIQUE (clinic_id, connection_id, external_id)
      )`);
    await q.query(
      `CREATE INDEX appointments_calendar_start ON ${S}.appointments (clinic_id, calendar_id, lower(during), id)`,
    );
    await q.query(`CREATE INDEX appointments_patient ON ${S}.appointments (clinic_id, patient_id)`);
    await q.query(`CREATE INDEX appointments_start ON ${S}.appointments (clinic_id, lower(during), id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${S}.practitioner_presence, ${S}.import_conflicts, ${S}.appointments,
      ${S}.unavailable_times, ${S}.work_plans, ${S}.week_template_blocks, ${S}.week_templates,
      ${S}.appointment_types, ${S}.locations`);
    await q.query(`ALTER TABLE ${S}.patients DROP COLUMN national_id_kind, DROP COLUMN phone, DROP COLUMN email,
      DROP COLUMN has_guardian, DROP COLUMN listed_practitioner_id`);
    await q.query(`ALTER TABLE ${S}.calendars DROP COLUMN location_id, DROP COLUMN resource_name,
      DROP COLUMN min_notice_minutes, DROP COLUMN max_days_ahead, DROP COLUMN listed_patients_only`);
    await q.query(`ALTER TABLE ${S}.practitioners DROP COLUMN active`);
    await q.query(`ALTER TABLE ${S}.clinics DROP COLUMN check_in_window_minutes`);
  }
}
