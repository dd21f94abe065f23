import type { MigrationInterface, QueryRunner } from 'typeorm';

const S = 'notifications';

/**
 * The staff directory becomes the clinic's staff contact points: an e-mail address and/or a
 * phone number, and the channels a staff member opted in to for dialogue notices (none until
 * they choose). Staff alerts keep using the e-mail address.
 */
export class StaffContacts1767810000000 implements MigrationInterface {
  name = 'StaffContacts1767810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.staff_directory ALTER COLUMN email DROP NOT NULL`);
    await q.query(`ALTER TABLE ${S}.staff_directory ADD COLUMN phone text`);
    await q.query(
      `ALTER TABLE ${S}.staff_directory ADD COLUMN dialogue_channels text[] NOT NULL DEFAULT '{}'
         CHECK (dialogue_channels <@ ARRAY['email', 'sms']::text[])`,
    );
    await q.query(
      `ALTER TABLE ${S}.staff_directory ADD CONSTRAINT staff_directory_address
         CHECK (email IS NOT NULL OR phone IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${S}.staff_directory DROP CONSTRAINT staff_directory_address`);
    await q.query(`ALTER TABLE ${S}.staff_directory DROP COLUMN dialogue_channels`);
    await q.query(`ALTER TABLE ${S}.staff_directory DROP COLUMN phone`);
    await q.query(`DELETE FROM ${S}.staff_directory WHERE email IS NULL`);
    await q.query(`ALTER TABLE ${S}.staff_directory ALTER COLUMN email SET NOT NULL`);
  }
}
