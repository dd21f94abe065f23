import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTables, dropOutboxTables } from '@carebus/outbox';
import { createTenantBase, dropTenantBase } from '@carebus/platform';

/** The ehr_sync schema's tenant guard, audit log, outbox and inbox; features add their tables in later migrations. */
export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantBase(q, 'ehr_sync');
    await createOutboxTables(q, 'ehr_sync');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTables(q, 'ehr_sync');
    await dropTenantBase(q, 'ehr_sync');
  }
}
