import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'messaging';

/**
 * Files on the clinic's answers travel to the national portal through the same queue as the
 * answers: a row of kind `attachment` names the attachment (its bytes stay in
 * `attachment_chunks`, sealed) and `part_of`, the delivery of the message it belongs to, which the
 * portal must hold first. Such a row has no body of its own; every other kind keeps one.
 */
export class PortalAttachmentDeliveries1767800000000 implements MigrationInterface {
  name = 'PortalAttachmentDeliveries1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.portal_deliveries DROP CONSTRAINT portal_deliveries_kind_check`);
    await q.query(`
      ALTER TABLE ${S}.portal_deliveries
        ADD CONSTRAINT portal_deliveries_kind_check
          CHECK (kind IN ('dialogue_answer', 'renewal_answer', 'notification', 'attachment')),
        ADD COLUMN attachment_id uuid,
        ADD COLUMN part_of uuid,
        ALTER COLUMN body DROP NOT NULL,
        ADD CONSTRAINT portal_deliveries_attachment_shape CHECK (
          CASE WHEN kind = 'attachment'
               THEN attachment_id IS NOT NULL AND part_of IS NOT NULL AND body IS NULL
               ELSE attachment_id IS NULL AND part_of IS NULL AND body IS NOT NULL END)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${S}.portal_deliveries WHERE kind = 'attachment'`);
    await q.query(`
      ALTER TABLE ${S}.portal_deliveries
        DROP CONSTRAINT portal_deliveries_attachment_shape,
        DROP CONSTRAINT portal_deliveries_kind_check,
        ADD CONSTRAINT portal_deliveries_kind_check
          CHECK (kind IN ('dialogue_answer', 'renewal_answer', 'notification')),
        ALTER COLUMN body SET NOT NULL,
        DROP COLUMN part_of,
        DROP COLUMN attachment_id`);
  }
}
