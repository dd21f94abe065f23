import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of scheduling's clinic (scheduling.clinic.v1) the settings' clinic name, time zone
 * and clinical administrator e-mail come from: null until the first clinic event arrives; an
 * event whose version is not above it is ignored.
 */
export class ClinicCopy1766000000000 implements MigrationInterface {
  name = 'ClinicCopy1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.clinic_settings ADD COLUMN clinic_version bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.clinic_settings DROP COLUMN clinic_version`);
  }
}
