import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'notifications';

/**
 * Whether a patient can be reached through the national portal is messaging's decision, copied
 * here from messaging.patient_reachability.v1 (highest version wins). The contact's own
 * `portal_reachable` column, which clinics wrote by hand, goes: the flag is derived from now on.
 */
export class PatientReachability1767752000000 implements MigrationInterface {
  name = 'PatientReachability1767752000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.patient_reachability (
        clinic_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        reachable boolean NOT NULL,
        reason text NOT NULL,
        version bigint NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, patient_id)
      )`);
    await enableTenantIsolation(q, `${S}.patient_reachability`, S);
    await q.query(`ALTER TABLE ${S}.patient_contacts DROP COLUMN portal_reachable`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE ${S}.patient_contacts ADD COLUMN portal_reachable boolean NOT NULL DEFAULT false`,
    );
    await q.query(`DROP TABLE ${S}.patient_reachability`);
  }
}
