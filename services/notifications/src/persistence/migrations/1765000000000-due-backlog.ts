import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * The due backlog for /metrics: how many pending notifications of all clinics are due, and the
 * oldest due time. Owner-run like claim_due_notifications (row-level security hides other
 * clinics from the app role); it returns an aggregate only, read from the partial due index.
 */
export class DueBacklog1765000000000 implements MigrationInterface {
  name = 'DueBacklog1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION ${S}.due_backlog(p_now timestamptz)
      RETURNS TABLE (due bigint, oldest_due_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
        SELECT count(*), min(d.due_at) FROM ${S}.notifications d
         WHERE d.status = 'pending' AND d.due_at <= p_now
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS ${S}.due_backlog(timestamptz)`);
  }
}
