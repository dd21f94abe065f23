import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'messaging';
const CHECK = 'portal_patients_national_id_sealed_check';

/**
 * National ids sealed under a version of the MESSAGING_NATIONAL_ID_KEYS ring are
 * `nid2.<version>.…`; those sealed under the single key of earlier releases stay `nid1.…` and
 * still open (docs/messaging-service.md, "National-id key rotation"). Only the column's check widens.
 */
export class NationalIdKeyVersions1767820000000 implements MigrationInterface {
  name = 'NationalIdKeyVersions1767820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.portal_patients DROP CONSTRAINT ${CHECK}`);
    await q.query(
      `ALTER TABLE ${S}.portal_patients ADD CONSTRAINT ${CHECK}
         CHECK (national_id_sealed LIKE 'nid1.%' OR national_id_sealed LIKE 'nid2.%')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.portal_patients DROP CONSTRAINT ${CHECK}`);
    await q.query(
      `ALTER TABLE ${S}.portal_patients ADD CONSTRAINT ${CHECK} CHECK (national_id_sealed LIKE 'nid1.%')`,
    );
  }
}
