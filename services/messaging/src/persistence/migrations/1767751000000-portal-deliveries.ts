import type { MigrationInterface, QueryRunner } from 'typeorm';
import { allowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'messaging';

/**
 * The durable queue of messages to the national portal: dialogue answers, renewal answers and
 * notifications' portal messages. One row per message, unique per clinic and idempotency key
 * (what the caller dedupes on); the row's id is the key the portal dedupes on, so a crash between
 * the portal's 2xx and our commit resends with the same key and the portal stores it once.
 * The dispatcher claims due rows of every clinic through an owner-run function that returns ids
 * only (FOR UPDATE SKIP LOCKED, with a lease); each delivery then runs in its clinic's transactions.
 */
export class PortalDeliveries1767751000000 implements MigrationInterface {
  name = 'PortalDeliveries1767751000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.portal_deliveries (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        patient_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('dialogue_answer', 'renewal_answer', 'notification')),
        subject text CHECK (length(subject) <= 500),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 65536),
        thread_id uuid,
        renewal_outcome text CHECK (renewal_outcome IN ('rejected', 'renewed', 'cannot_be_renewed', 'partly_renewed')),
        renewed_items jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_owner text,
        lease_until timestamptz,
        last_error text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz,
        CONSTRAINT portal_deliveries_clinic_key UNIQUE (clinic_id, idempotency_key)
      )`);
    await q.query(
      `CREATE INDEX portal_deliveries_due ON ${S}.portal_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await enableTenantIsolation(q, `${S}.portal_deliveries`, S);
    await allowOwnerFunctionsAcrossClinics(q, `${S}.portal_deliveries`);
    await q.query(`
      CREATE FUNCTION ${S}.claim_due_portal_deliveries(p_now timestamptz, p_limit int, p_owner text, p_lease_ms int)
      RETURNS TABLE (id uuid, clinic_id uuid)
      LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
        UPDATE ${S}.portal_deliveries d
           SET lease_owner = p_owner, lease_until = p_now + make_interval(secs => p_lease_ms / 1000.0)
          FROM (SELECT c.id FROM ${S}.portal_deliveries c
                 WHERE c.status = 'pending' AND c.next_attempt_at <= p_now
                   AND (c.lease_until IS NULL OR c.lease_until < p_now)
                 ORDER BY c.next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
         WHERE d.id = due.id
        RETURNING d.id, d.clinic_id
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.claim_due_portal_deliveries(timestamptz, int, text, int)`);
    await q.query(`DROP TABLE ${S}.portal_deliveries`);
  }
}
