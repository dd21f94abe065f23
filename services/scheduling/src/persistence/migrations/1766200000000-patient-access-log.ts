import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

/**
 * Every patient's access history: one row per `audit.patient_access.v1` event of any service.
 * No foreign keys to patients or clinics: an access is kept even when it names a patient this
 * service does not (yet) have, because dropping evidence of an access is worse than keeping one
 * no one can read. Ids, verbs and the actor only; never patient data.
 */
export class PatientAccessLog1766200000000 implements MigrationInterface {
  name = 'PatientAccessLog1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduling.patient_access_log (
        id uuid PRIMARY KEY,
        clinic_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        event_id text NOT NULL,
        service text NOT NULL,
        subject text NOT NULL,
        role text NOT NULL,
        client_id text,
        display_name text,
        action text NOT NULL,
        resource_type text NOT NULL,
        resource_id text,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A replay of an event the inbox has already forgotten (after its retention) adds nothing.
    await q.query(
      `CREATE UNIQUE INDEX patient_access_log_event ON scheduling.patient_access_log (clinic_id, event_id)`,
    );
    // The history is read per patient, newest first, in keyset pages.
    await q.query(`CREATE INDEX patient_access_log_patient
      ON scheduling.patient_access_log (clinic_id, patient_id, occurred_at DESC, id DESC)`);
    await enableTenantIsolation(q, 'scheduling.patient_access_log', 'scheduling');
    // Like the audit trail it mirrors, the history only grows: whoever was granted rights on the
    // table by default (the app role) may insert and read, never change or remove a row.
    await q.query(`
      DO $$
      DECLARE
        g record;
      BEGIN
        FOR g IN
          SELECT DISTINCT quote_ident(pg_get_userbyid(a.grantee)) AS who
          FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
          WHERE c.oid = 'scheduling.patient_access_log'::regclass AND a.grantee NOT IN (0, c.relowner)
        LOOP
          EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON scheduling.patient_access_log FROM %s', g.who);
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS scheduling.patient_access_log`);
  }
}
