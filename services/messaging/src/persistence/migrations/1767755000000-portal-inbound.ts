import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'messaging';

/**
 * Dialogues and renewal requests the national portal sent in, by the portal's own message id: the
 * same id again answers the thread it created (idempotent partner inbound), per clinic.
 */
export class PortalInbound1767755000000 implements MigrationInterface {
  name = 'PortalInbound1767755000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.portal_inbound (
        clinic_id uuid NOT NULL,
        portal_message_id text NOT NULL CHECK (length(portal_message_id) BETWEEN 1 AND 200),
        thread_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, portal_message_id)
      )`);
    await enableTenantIsolation(q, `${S}.portal_inbound`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.portal_inbound`);
  }
}
