import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * The write-back to clinics' EHRs (docs/ehr-sync.md#write-back):
 * - `write_queue`: one row per write waiting for, done at or parked by an EHR; `seq` orders the
 *   writes of one subject (an appointment, a journal entry), and a write is claimed only when no
 *   earlier write of its subject is still pending. Payloads hold ids, times and codes only (a
 *   journal note's text is sealed under the clinic key, `sek1.…`).
 * - `ehr_links`: Carebus ids ↔ the EHR's ids per connection (appointments written or imported,
 *   patients, and the practitioner/calendar/type mappings the write-back resolves through).
 * The drainer claims due writes of every clinic through one owner-run function that answers ids
 * only; everything else runs in the write's clinic transaction.
 */
export class WriteBackQueue1767720000000 implements MigrationInterface {
  name = 'WriteBackQueue1767720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.write_queue (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        subject_type text NOT NULL CHECK (subject_type IN ('appointment', 'journal_entry')),
        subject_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('create', 'reschedule', 'cancel', 'note')),
        payload jsonb NOT NULL,
        source_event_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'done', 'parked')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_owner text,
        lease_until timestamptz,
        enqueued_at timestamptz NOT NULL,
        age_from timestamptz NOT NULL,
        last_error_code text,
        external_id text,
        finished_at timestamptz,
        CONSTRAINT write_queue_event UNIQUE (connection_id, source_event_id, kind)
      )`);
    await q.query(
      `CREATE INDEX write_queue_due ON ${S}.write_queue (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX write_queue_subject ON ${S}.write_queue (connection_id, subject_id, seq) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX write_queue_parked ON ${S}.write_queue (clinic_id, finished_at, id) WHERE status = 'parked'`,
    );
    await q.query(`
      CREATE TABLE ${S}.ehr_links (
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('appointment', 'patient', 'practitioner', 'calendar', 'appointment_type')),
        carebus_id uuid NOT NULL,
        external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, kind, carebus_id)
      )`);
    await q.query(`CREATE INDEX ehr_links_external ON ${S}.ehr_links (connection_id, kind, external_id)`);
    for (const table of ['write_queue', 'ehr_links']) await enableTenantIsolation(q, `${S}.${table}`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.write_queue`);
    // Due writes of every clinic, each the oldest pending one of its subject, leased to one drainer.
    await q.query(`
      CREATE FUNCTION ${S}.claim_due_writes(p_now timestamptz, p_limit int, p_owner text, p_lease_ms int)
      RETURNS TABLE (id uuid, clinic_id uuid)
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
        UPDATE ${S}.write_queue w
           SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_ms / 1000.0)
          FROM (SELECT d.id FROM ${S}.write_queue d
                 WHERE d.status = 'pending' AND d.next_attempt_at <= p_now
                   AND (d.lease_until IS NULL OR d.lease_until < p_now)
                   AND NOT EXISTS (SELECT 1 FROM ${S}.write_queue e
                                    WHERE e.connection_id = d.connection_id AND e.subject_id = d.subject_id
                                      AND e.status = 'pending' AND e.seq < d.seq)
                 ORDER BY d.next_attempt_at, d.seq LIMIT p_limit FOR UPDATE SKIP LOCKED) due
         WHERE w.id = due.id
        RETURNING w.id, w.clinic_id
      $$`);
    // For /metrics: pending and parked writes of every clinic, and the oldest pending one's age. No ids.
    await q.query(`
      CREATE FUNCTION ${S}.write_queue_totals(p_now timestamptz)
      RETURNS TABLE (pending bigint, parked bigint, oldest_pending_seconds double precision)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT count(*) FILTER (WHERE q.status = 'pending'),
               count(*) FILTER (WHERE q.status = 'parked'),
               COALESCE(EXTRACT(EPOCH FROM p_now - min(q.enqueued_at) FILTER (WHERE q.status = 'pending')), 0)::double precision
          FROM ${S}.write_queue q WHERE q.status <> 'done'
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.write_queue_totals(timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS ${S}.claim_due_writes(timestamptz, int, text, int)`);
    await disallowOwnerFunctionsAcrossClinics(q, `${S}.write_queue`);
    await q.query(`DROP TABLE IF EXISTS ${S}.ehr_links`);
    await q.query(`DROP TABLE IF EXISTS ${S}.write_queue`);
  }
}
