import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Tx } from '@carebus/persistence';
import type { BookingSnapshot } from './booking-context';
import {
  calendarForBooking,
  CalendarForBookingRow,
  PatientForBookingRow,
  TypeForBookingRow,
} from './booking-rows';

export interface BookingSnapshotQuery {
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  idempotencyKey?: string | undefined;
}

const TypeWithTexts = z.intersection(
  TypeForBookingRow,
  z
    .object({ name: z.string(), patient_information: z.string(), notifications_enabled: z.boolean() })
    .transform((r) => ({
      name: r.name,
      patientInformation: r.patient_information,
      notificationsEnabled: r.notifications_enabled,
    })),
);

const SnapshotRow = z
  .object({
    calendar: CalendarForBookingRow.nullable(),
    type: TypeWithTexts.nullable(),
    patient: PatientForBookingRow.nullable(),
    unavailable: z.boolean(),
    key_used: z.boolean(),
  })
  .transform((r): BookingSnapshot => ({
    calendar: r.calendar,
    type: r.type,
    patient: r.patient,
    unavailable: r.unavailable,
    idempotencyKeyUsed: r.key_used,
  }));

/** The booking's one read: calendar, type, patient, unavailable time and key use in one statement. */
@Injectable()
export class BookingSnapshotRepository {
  read(tx: Tx, q: BookingSnapshotQuery): Promise<BookingSnapshot> {
    const clinicId = tx.clinicId;
    const key = q.idempotencyKey ?? null;
    // A SELECT without FROM: always exactly one row.
    return tx.one(
      sql`SELECT
        (SELECT row_to_json(c) FROM (${calendarForBooking(clinicId, q.calendarId)}) c) AS calendar,
        (SELECT row_to_json(t) FROM (
           SELECT id, name, patient_information, notifications_enabled, duration_minutes, contact_surface,
                  patient_bookable, hidden, archived, daily_online_limit
           FROM scheduling.appointment_types WHERE clinic_id = ${clinicId} AND id = ${q.appointmentTypeId}) t) AS type,
        (SELECT row_to_json(x) FROM (
           SELECT id, listed_practitioner_id FROM scheduling.patients
           WHERE clinic_id = ${clinicId} AND id = ${q.patientId}) x) AS patient,
        EXISTS (SELECT 1 FROM scheduling.unavailable_times u, scheduling.appointment_types t
                WHERE u.clinic_id = ${clinicId} AND u.calendar_id = ${q.calendarId}
                  AND t.clinic_id = ${clinicId} AND t.id = ${q.appointmentTypeId}
                  AND u.during && tstzrange(${q.start}::timestamptz,
                        ${q.start}::timestamptz + t.duration_minutes * interval '1 minute', '[)')) AS unavailable,
        (${key}::text IS NOT NULL AND EXISTS (
           SELECT 1 FROM scheduling.appointments WHERE clinic_id = ${clinicId} AND idempotency_key = ${key}::text))
          AS key_used`,
      SnapshotRow,
      { prepared: true },
    );
  }
}
