import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'device_registry';

/**
 * When a delivered command (acknowledged, no result yet) was last re-sent to its agent: the
 * registry re-sends it once `DEVICE_REGISTRY_COMMAND_REDELIVERY_MS` passed since the later of its
 * acknowledgement and that re-send. The table keeps its row-level security.
 */
export class CommandRedelivery1767765000000 implements MigrationInterface {
  name = 'CommandRedelivery1767765000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.commands ADD COLUMN redelivered_at timestamptz`);
    await q.query(
      `CREATE INDEX commands_awaiting_result ON ${S}.commands (device_id, delivered_at) WHERE status = 'delivered'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${S}.commands_awaiting_result`);
    await q.query(`ALTER TABLE ${S}.commands DROP COLUMN redelivered_at`);
  }
}
