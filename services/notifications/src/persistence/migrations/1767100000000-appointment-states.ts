import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantIsolation } from '@carebus/platform';

const S = 'notifications';

/**
 * What notifications knows of each appointment from scheduling.appointment.v1: its status and the
 * version of the last event applied. An event whose version is not above it is acknowledged
 * without planning anything (a retried or replayed event that arrives after a newer one).
 */
export class AppointmentStates1767100000000 implements MigrationInterface {
  name = 'AppointmentStates1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ${S}.appointment_states (
        clinic_id uuid NOT NULL,
        appointment_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('unspecified', 'booked', 'arrived', 'cancelled', 'no_show')),
        version bigint NOT NULL CHECK (version >= 1),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (clinic_id, appointment_id)
      )`);
    await enableTenantIsolation(q, `${S}.appointment_states`, S);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ${S}.appointment_states`);
  }
}
