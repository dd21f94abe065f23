import type { MigrationInterface, QueryRunner } from 'typeorm';

/** WatchAppointments polls a clinic's appointments by `updated_at`. */
export class AppointmentsChangedIndex1763900300000 implements MigrationInterface {
  name = 'AppointmentsChangedIndex1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX appointments_changed ON scheduling.appointments (clinic_id, updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS scheduling.appointments_changed`);
  }
}
