import type { MigrationInterface, QueryRunner } from 'typeorm';
import { letSealerAcrossClinics, unletSealerAcrossClinics } from '@carebus/audit';
import { isolateOutboxTables, unisolateOutboxTables } from '@carebus/outbox';
import { forceTenantIsolation, unforceTenantIsolation } from '@carebus/platform';

const S = 'ehr_sync';

/**
 * Row-level security that binds the owner role too (FORCE) on every tenant table, the audit log
 * included, and on the outbox (event payloads: a tenant's own rows, or every row for the relay's
 * sessions) and the inbox (ids only, no clinic; see isolateOutboxTables in libs/outbox). The audit
 * sealer's owner-run functions read every clinic's audit rows through a policy for the owner role
 * alone, which admits it only inside SECURITY DEFINER functions called by another login
 * (letSealerAcrossClinics).
 * A later migration that must read or change rows across clinics has to say so (docs/architecture.md).
 */
export class ForcedRowSecurity1767000000000 implements MigrationInterface {
  name = 'ForcedRowSecurity1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await isolateOutboxTables(q, S);
    await letSealerAcrossClinics(q, S);
    await forceTenantIsolation(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await unforceTenantIsolation(q, S);
    await unletSealerAcrossClinics(q, S);
    await unisolateOutboxTables(q, S);
  }
}
