import type { MigrationInterface, QueryRunner } from 'typeorm';
import { letSealerAcrossClinics, unletSealerAcrossClinics } from '@carebus/audit';
import { isolateOutboxTables, unisolateOutboxTables } from '@carebus/outbox';
import { allowOwnerFunctionsAcrossClinics, disallowOwnerFunctionsAcrossClinics } from '@carebus/persistence';
import { forceTenantIsolation, unforceTenantIsolation } from '@carebus/platform';

const S = 'scheduling';
const ACROSS_CLINICS = [`${S}.clinics`];

/**
 * Row-level security that binds the owner role too (FORCE) on every tenant table, the audit log
 * included, and on the outbox (event payloads: a tenant's own rows, or every row for the relay's
 * sessions) and the inbox (ids only, no clinic; see isolateOutboxTables in libs/outbox). The audit
 * sealer's owner-run functions read every clinic's audit rows through a policy for the owner role
 * alone, which admits it only inside SECURITY DEFINER functions called by another login
 * (letSealerAcrossClinics);
 * scheduling's owner-run functions that read the clinic catalogue across clinics (for the operator) get the
 * same narrow way through on `clinics`.
 * A later migration that must read or change rows across clinics has to say so (docs/architecture.md).
 */
export class ForcedRowSecurity1767000000000 implements MigrationInterface {
  name = 'ForcedRowSecurity1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await isolateOutboxTables(q, S);
    await letSealerAcrossClinics(q, S);
    for (const table of ACROSS_CLINICS) await allowOwnerFunctionsAcrossClinics(q, table);
    await forceTenantIsolation(q, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await unforceTenantIsolation(q, S);
    for (const table of ACROSS_CLINICS) await disallowOwnerFunctionsAcrossClinics(q, table);
    await unletSealerAcrossClinics(q, S);
    await unisolateOutboxTables(q, S);
  }
}
