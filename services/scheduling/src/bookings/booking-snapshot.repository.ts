import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@carebus/platform';
import {
  CALENDAR_FOR_BOOKING,
  toCalendarForBooking,
  toTypeForBooking,
  type CalendarForBooking,
  type PatientForBooking,
  type TypeForBooking,
} from './booking-context.repository';

/** Everything a booking decides on, read in one round trip (each costs ~1 ms on a busy host). */
export interface BookingSnapshot {
  calendar: CalendarForBooking | null;
  type: (TypeForBooking & { name: string; patientInformation: string; notificationsEnabled: boolean }) | null;
  patient: PatientForBooking | null;
  /** Unavailable time overlaps [start, start + the type's duration). */
  unavailable: boolean;
  idempotencyKeyUsed: boolean;
}

export interface BookingSnapshotQuery {
  clinicId: string;
  calendarId: string;
  appointmentTypeId: string;
  patientId: string;
  start: Date;
  idempotencyKey?: string | undefined;
}

type Row = Record<string, unknown>;

interface SnapshotRow {
  calendar: Row | null;
  type: (Row & { name: string; patient_information: string; notifications_enabled: boolean }) | null;
  patient: { id: string; listed_practitioner_id: string | null } | null;
  unavailable: boolean;
  key_used: boolean;
}

const SNAPSHOT = `
  SELECT
    (SELECT row_to_json(c) FROM (${CALENDAR_FOR_BOOKING}) c) AS calendar,
    (SELECT row_to_json(t) FROM (
       SELECT id, name, patient_information, notifications_enabled, duration_minutes, contact_surface,
              patient_bookable, hidden, archived, daily_online_limit
       FROM scheduling.appointment_types WHERE clinic_id = $1 AND id = $3) t) AS type,
    (SELECT row_to_json(x) FROM (
       SELECT id, listed_practitioner_id FROM scheduling.patients WHERE clinic_id = $1 AND id = $4) x) AS patient,
    EXISTS (SELECT 1 FROM scheduling.unavailable_times u, scheduling.appointment_types t
            WHERE u.clinic_id = $1 AND u.calendar_id = $2 AND t.clinic_id = $1 AND t.id = $3
              AND u.during && tstzrange($5::timestamptz, $5::timestamptz + t.duration_minutes * interval '1 minute', '[)')) AS unavailable,
    ($6::text IS NOT NULL AND EXISTS (
       SELECT 1 FROM scheduling.appointments WHERE clinic_id = $1 AND idempotency_key = $6)) AS key_used`;

@Injectable()
export class BookingSnapshotRepository {
  async read(manager: EntityManager, q: BookingSnapshotQuery): Promise<BookingSnapshot> {
    // A SELECT without FROM: always exactly one row.
    const [row] = (await preparedQuery<SnapshotRow>(manager, 'scheduling.booking_snapshot', SNAPSHOT, [
      q.clinicId,
      q.calendarId,
      q.appointmentTypeId,
      q.patientId,
      q.start,
      q.idempotencyKey ?? null,
    ])) as [SnapshotRow];
    const c = row.calendar;
    const t = row.type;
    const p = row.patient;
    return {
      calendar: c && toCalendarForBooking(c),
      type: t && {
        ...toTypeForBooking(t),
        name: t.name,
        patientInformation: t.patient_information,
        notificationsEnabled: t.notifications_enabled,
      },
      patient: p && { id: p.id, listedPractitionerId: p.listed_practitioner_id },
      unavailable: row.unavailable,
      idempotencyKeyUsed: row.key_used,
    };
  }
}
