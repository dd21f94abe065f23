import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTenantBase, dropTenantBase } from '@carebus/platform';

/** The device_registry schema's tenant guard and audit log; features add their tables in later migrations. */
export class Init1763900000000 implements MigrationInterface {
  name = 'Init1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await createTenantBase(q, 'device_registry');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropTenantBase(q, 'device_registry');
  }
}
