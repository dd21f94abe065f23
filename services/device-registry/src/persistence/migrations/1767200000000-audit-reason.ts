import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addAuditReason, dropAuditReason } from '@carebus/audit';

/** The audit trail's reason column (break-glass accesses), covered by the row hash when set. */
export class AuditReason1767200000000 implements MigrationInterface {
  name = 'AuditReason1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await addAuditReason(q, 'device_registry');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditReason(q, 'device_registry');
  }
}
