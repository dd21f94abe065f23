import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'messaging';

/**
 * What decides whether a patient is reachable through the national portal: the kind of their
 * national identity number (the number itself only sealed, `nid1.…`, plus a keyed lookup hash
 * for the portal's pushes), recorded consent to digital contact, and the portal account's state.
 * `reachable`/`reason` are the decision as last published, `version` counts its changes.
 */
export class PortalReachability1767750000000 implements MigrationInterface {
  name = 'PortalReachability1767750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.portal_patients (
        clinic_id uuid NOT NULL,
        patient_id uuid NOT NULL,
        national_id_kind text CHECK (national_id_kind IN ('birth_number', 'd_number', 'h_number', 'invalid')),
        national_id_sealed text CHECK (national_id_sealed LIKE 'nid1.%'),
        national_id_lookup text,
        consent boolean NOT NULL DEFAULT false,
        consent_changed_at timestamptz,
        portal_account text NOT NULL DEFAULT 'none' CHECK (portal_account IN ('none', 'active', 'inactive')),
        reachable boolean NOT NULL,
        reason text NOT NULL,
        version bigint NOT NULL CHECK (version >= 0),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (clinic_id, patient_id),
        CHECK ((national_id_kind IS NULL) = (national_id_sealed IS NULL)),
        CHECK ((national_id_sealed IS NULL) = (national_id_lookup IS NULL))
      )`);
    await q.query(
      `CREATE INDEX portal_patients_lookup ON ${S}.portal_patients (clinic_id, national_id_lookup)`,
    );
    await enableTenantIsolation(q, `${S}.portal_patients`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${S}.portal_patients`);
  }
}
