import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createAuditTrail, dropAuditTrail } from '@carebus/audit';

/** The tamper-evident, append-only audit trail (libs/audit) on the schema's audit_log. */
export class AuditTrail1766100000000 implements MigrationInterface {
  name = 'AuditTrail1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await createAuditTrail(q, 'scheduling');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropAuditTrail(q, 'scheduling');
  }
}
