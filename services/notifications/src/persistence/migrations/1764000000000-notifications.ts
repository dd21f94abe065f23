import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'notifications';
const TABLES = [
  'clinic_settings',
  'channel_enablement',
  'patient_contacts',
  'staff_directory',
  'templates',
  'notifications',
  'delivery_log',
];

/** Settings, contact points, templates, the notification jobs (reminders included) and the delivery log. */
export class Notifications1764000000000 implements MigrationInterface {
  name = 'Notifications1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.clinic_settings (
        clinic_id uuid PRIMARY KEY,
        clinic_name text NOT NULL DEFAULT '',
        sender_email text,
        sender_name text,
        time_zone text NOT NULL DEFAULT 'Europe/Oslo',
        default_language text NOT NULL DEFAULT 'nb' CHECK (default_language IN ('nb', 'en')),
        clinical_admin_email text,
        quiet_hours_start smallint NOT NULL DEFAULT 1260 CHECK (quiet_hours_start BETWEEN 0 AND 1439),
        quiet_hours_end smallint NOT NULL DEFAULT 480 CHECK (quiet_hours_end BETWEEN 0 AND 1439),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${S}.channel_enablement (
        clinic_id uuid NOT NULL,
        scope text NOT NULL CHECK (scope IN ('clinic', 'calendar', 'appointment_type')),
        scope_id uuid NOT NULL,
        channels text[] NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, scope, scope_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.patient_contacts (
        clinic_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        name text,
        email text,
        phone text,
        push_token text,
        preferred_channel text CHECK (preferred_channel IN ('email', 'sms', 'push')),
        language text CHECK (language IN ('nb', 'en')),
        portal_reachable boolean NOT NULL DEFAULT false,
        guardian_contact boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, patient_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.staff_directory (
        clinic_id uuid NOT NULL,
        user_id text NOT NULL,
        email text NOT NULL,
        name text,
        PRIMARY KEY (clinic_id, user_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.templates (
        clinic_id uuid NOT NULL,
        kind text NOT NULL,
        language text NOT NULL CHECK (language IN ('nb', 'en')),
        subject text NOT NULL,
        body text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, kind, language)
      )`);
    // One row per notification; reminders are rows due in the future. Address and text are
    // resolved at send time, so no contact data or message body is stored here.
    await q.query(`
      CREATE TABLE ${S}.notifications (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        kind text NOT NULL,
        recipient_kind text NOT NULL CHECK (recipient_kind IN ('patient', 'staff')),
        recipient_id text NOT NULL,
        appointment_id uuid,
        cause_event_id text NOT NULL,
        dedupe_key text NOT NULL,
        channels text[] NOT NULL,
        channel_index int NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
        due_at timestamptz NOT NULL,
        expires_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz,
        in_doubt_since timestamptz,
        language text NOT NULL,
        data jsonb NOT NULL,
        provider_message_id text,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        UNIQUE (clinic_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notifications_due ON ${S}.notifications (due_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notifications_appointment ON ${S}.notifications (clinic_id, appointment_id)`);
    await q.query(
      `CREATE INDEX notifications_listing ON ${S}.notifications (clinic_id, created_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE ${S}.delivery_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        clinic_id uuid NOT NULL,
        notification_id uuid NOT NULL,
        at timestamptz NOT NULL,
        event text NOT NULL CHECK (event IN ('requested', 'sent', 'provider_accepted', 'failed', 'retried',
          'suppressed', 'delayed', 'in_doubt', 'fallback')),
        channel text,
        attempt int,
        provider_message_id text,
        error_code text
      )`);
    await q.query(
      `CREATE INDEX delivery_log_notification ON ${S}.delivery_log (clinic_id, notification_id, id)`,
    );
    for (const table of TABLES) await enableTenantIsolation(q, `${S}.${table}`, S);
    // The dispatcher claims due jobs of every clinic; only this owner-run function sees across
    // tenants, and it returns ids only. The send itself runs in the job's tenant transaction.
    await q.query(`
      CREATE FUNCTION ${S}.claim_due_notifications(p_now timestamptz, p_limit int, p_owner text, p_lease_ms int)
      RETURNS TABLE (id uuid, clinic_id uuid, in_doubt boolean)
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
        UPDATE ${S}.notifications n
           SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_ms / 1000.0)
          FROM (SELECT d.id FROM ${S}.notifications d
                 WHERE d.status = 'pending' AND d.due_at <= p_now
                   AND (d.lease_until IS NULL OR d.lease_until < p_now)
                 ORDER BY d.due_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
         WHERE n.id = due.id
        RETURNING n.id, n.clinic_id, n.in_doubt_since IS NOT NULL
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.claim_due_notifications(timestamptz, int, text, int)`);
    for (const table of [...TABLES].reverse()) await q.query(`DROP TABLE IF EXISTS ${S}.${table}`);
  }
}
