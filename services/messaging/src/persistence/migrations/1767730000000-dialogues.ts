import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'messaging';

/** Every table this migration creates, in creation order (dropped in reverse). */
const TABLES = [
  'practitioners',
  'patients',
  'org_units',
  'org_members',
  'inboxes',
  'messaging_settings',
  'routing_rules',
  'threads',
  'thread_inboxes',
  'thread_participants',
  'thread_reads',
  'messages',
  'prescription_items',
  'unread_counters',
  'templates',
  'auto_dialogue_rules',
  'auto_dialogue_bookings',
] as const;

/**
 * Dialogues: local copies of scheduling's practitioners and patients (version-honouring), the
 * clinic's organisation (units of kind position/group/role/unit and their members), inboxes
 * (personal per staff member, shared per unit), routing rules per message type, threads with
 * their routed inboxes, participants and messages, prescription items of renewal requests,
 * unread counters (per inbox, or per member of a shared inbox, as the clinic configures),
 * templates and automatic dialogues per booked appointment type (once per booking).
 * Every table carries clinic_id under the schema's forced tenant policy.
 */
export class Dialogues1767730000000 implements MigrationInterface {
  name = 'Dialogues1767730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.practitioners (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        active boolean NOT NULL,
        version bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.patients (
        clinic_id uuid NOT NULL,
        id uuid NOT NULL,
        listed_gp_id uuid,
        national_id_kind text CHECK (national_id_kind IN ('national_id', 'd_number', 'h_number', 'none')),
        national_id_valid boolean NOT NULL DEFAULT false,
        sealed_identity text,
        version bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.org_units (
        clinic_id uuid NOT NULL,
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('position', 'group', 'role', 'unit')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        whole_clinic boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        CONSTRAINT org_units_clinic_kind_name UNIQUE (clinic_id, kind, name),
        CONSTRAINT org_units_whole_clinic_is_unit CHECK (NOT whole_clinic OR kind = 'unit')
      )`);
    await q.query(
      `CREATE UNIQUE INDEX org_units_one_whole_clinic ON ${S}.org_units (clinic_id) WHERE whole_clinic`,
    );
    await q.query(`
      CREATE TABLE ${S}.org_members (
        clinic_id uuid NOT NULL,
        unit_id uuid NOT NULL REFERENCES ${S}.org_units (id) ON DELETE CASCADE,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (unit_id, subject)
      )`);
    await q.query(`CREATE INDEX org_members_clinic_subject ON ${S}.org_members (clinic_id, subject)`);
    await q.query(`
      CREATE TABLE ${S}.inboxes (
        clinic_id uuid NOT NULL,
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('personal', 'shared')),
        owner_subject text,
        unit_id uuid REFERENCES ${S}.org_units (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        CONSTRAINT inboxes_owner_or_unit CHECK (
          (kind = 'personal' AND owner_subject IS NOT NULL AND unit_id IS NULL) OR
          (kind = 'shared' AND owner_subject IS NULL AND unit_id IS NOT NULL)),
        CONSTRAINT inboxes_clinic_owner UNIQUE (clinic_id, owner_subject),
        CONSTRAINT inboxes_clinic_unit UNIQUE (clinic_id, unit_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.messaging_settings (
        clinic_id uuid PRIMARY KEY,
        shared_read_clears text NOT NULL CHECK (shared_read_clears IN ('per_user', 'per_inbox')),
        version integer NOT NULL CHECK (version > 0),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${S}.routing_rules (
        clinic_id uuid NOT NULL,
        message_type text NOT NULL CHECK (message_type IN ('e_contact', 'e_consultation', 'prescription_renewal')),
        mode text NOT NULL CHECK (mode IN ('practitioner', 'receiver', 'both')),
        receiver_unit_id uuid REFERENCES ${S}.org_units (id),
        version integer NOT NULL CHECK (version > 0),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, message_type),
        CONSTRAINT routing_rules_receiver CHECK (mode = 'practitioner' OR receiver_unit_id IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE ${S}.threads (
        clinic_id uuid NOT NULL,
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('e_contact', 'e_consultation', 'e_dialogue', 'prescription_renewal')),
        origin text NOT NULL CHECK (origin IN ('national_portal', 'platform', 'staff')),
        patient_id uuid,
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        created_by text NOT NULL,
        created_by_kind text NOT NULL CHECK (created_by_kind IN ('patient', 'guardian', 'staff', 'partner', 'system')),
        appointment_id uuid,
        hidden boolean NOT NULL DEFAULT false,
        converted_from text CHECK (converted_from IN ('e_contact', 'prescription_renewal')),
        converted_at timestamptz,
        converted_by text,
        journal_status text CHECK (journal_status IN ('pending', 'filed', 'failed')),
        journal_entry_id uuid,
        journal_status_at timestamptz,
        renewal_outcome text CHECK (renewal_outcome IN ('rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed')),
        renewal_answered_at timestamptz,
        routing jsonb NOT NULL,
        message_count integer NOT NULL DEFAULT 0 CHECK (message_count >= 0),
        last_message_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT threads_patient_unless_internal CHECK (kind = 'e_dialogue' OR patient_id IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX threads_clinic_patient ON ${S}.threads (clinic_id, patient_id, last_message_at DESC, id)`,
    );
    await q.query(`CREATE UNIQUE INDEX threads_journal_entry ON ${S}.threads (journal_entry_id)`);
    await q.query(`
      CREATE TABLE ${S}.thread_inboxes (
        clinic_id uuid NOT NULL,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        inbox_id uuid NOT NULL REFERENCES ${S}.inboxes (id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN ('practitioner', 'receiver', 'recipient', 'sender')),
        read_seq integer NOT NULL DEFAULT 0 CHECK (read_seq >= 0),
        last_message_at timestamptz NOT NULL,
        PRIMARY KEY (thread_id, inbox_id)
      )`);
    await q.query(
      `CREATE INDEX thread_inboxes_inbox ON ${S}.thread_inboxes (clinic_id, inbox_id, last_message_at DESC, thread_id)`,
    );
    await q.query(`
      CREATE TABLE ${S}.thread_participants (
        clinic_id uuid NOT NULL,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        subject text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('patient', 'guardian', 'staff', 'partner', 'system')),
        PRIMARY KEY (thread_id, subject)
      )`);
    await q.query(`
      CREATE TABLE ${S}.thread_reads (
        clinic_id uuid NOT NULL,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        subject text NOT NULL,
        read_seq integer NOT NULL CHECK (read_seq >= 0),
        PRIMARY KEY (thread_id, subject)
      )`);
    await q.query(`
      CREATE TABLE ${S}.messages (
        clinic_id uuid NOT NULL,
        id uuid PRIMARY KEY,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        author_subject text NOT NULL,
        author_kind text NOT NULL CHECK (author_kind IN ('patient', 'guardian', 'staff', 'partner', 'system')),
        direction text NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        renewal_outcome text CHECK (renewal_outcome IN ('rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed')),
        created_at timestamptz NOT NULL,
        CONSTRAINT messages_thread_seq UNIQUE (thread_id, seq)
      )`);
    await q.query(`
      CREATE TABLE ${S}.prescription_items (
        clinic_id uuid NOT NULL,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position BETWEEN 1 AND 50),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        strength text NOT NULL CHECK (length(strength) <= 100),
        dosage text NOT NULL CHECK (length(dosage) <= 200),
        renewed boolean,
        PRIMARY KEY (thread_id, position)
      )`);
    await q.query(`
      CREATE TABLE ${S}.unread_counters (
        clinic_id uuid NOT NULL,
        inbox_id uuid NOT NULL REFERENCES ${S}.inboxes (id) ON DELETE CASCADE,
        subject text NOT NULL,
        unread integer NOT NULL CHECK (unread >= 0),
        PRIMARY KEY (inbox_id, subject)
      )`);
    await q.query(`
      CREATE TABLE ${S}.templates (
        clinic_id uuid NOT NULL,
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        kind text NOT NULL CHECK (kind IN ('e_contact', 'e_consultation', 'e_dialogue')),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
        version integer NOT NULL CHECK (version > 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT templates_clinic_name UNIQUE (clinic_id, name)
      )`);
    await q.query(`
      CREATE TABLE ${S}.auto_dialogue_rules (
        clinic_id uuid NOT NULL,
        appointment_type_id uuid NOT NULL,
        template_id uuid NOT NULL REFERENCES ${S}.templates (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, appointment_type_id)
      )`);
    await q.query(`
      CREATE TABLE ${S}.auto_dialogue_bookings (
        clinic_id uuid NOT NULL,
        appointment_id uuid NOT NULL,
        thread_id uuid NOT NULL REFERENCES ${S}.threads (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, appointment_id)
      )`);
    for (const table of TABLES) await enableTenantIsolation(q, `${S}.${table}`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.query(`DROP TABLE ${S}.${table}`);
  }
}
