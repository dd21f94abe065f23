import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * Real-time pushes from EHR vendors (docs/ehr-sync.md#real-time-pushes): one row per change id a
 * connection has processed, written in the transaction of the import it caused, so a redelivered
 * change finds its row and does nothing.
 */
export class PushedChanges1767725000000 implements MigrationInterface {
  name = 'PushedChanges1767725000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.pushed_changes (
        clinic_id uuid NOT NULL,
        connection_id uuid NOT NULL,
        change_id text NOT NULL CHECK (length(change_id) BETWEEN 1 AND 200),
        kind text NOT NULL,
        external_id text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (connection_id, change_id)
      )`);
    await enableTenantIsolation(q, `${S}.pushed_changes`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.pushed_changes`);
  }
}
