import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

/** Which scheduling patient an EHR's patient id stands for, per EHR connection. */
export class EhrPatientLinks1763900200000 implements MigrationInterface {
  name = 'EhrPatientLinks1763900200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling.ehr_patient_links (
        clinic_id uuid NOT NULL REFERENCES scheduling.clinics (id),
        connection_id uuid NOT NULL,
        external_id text NOT NULL,
        patient_id uuid NOT NULL REFERENCES scheduling.patients (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, connection_id, external_id)
      )`);
    await enableTenantIsolation(q, 'scheduling.ehr_patient_links', 'scheduling');
    await q.query(
      `CREATE INDEX import_conflicts_clinic ON scheduling.import_conflicts (clinic_id, detected_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS scheduling.import_conflicts_clinic`);
    await q.query(`DROP TABLE IF EXISTS scheduling.ehr_patient_links`);
  }
}
