import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ContactSurface } from '../appointments/appointment';

export interface CalendarForBooking {
  id: string;
  ownerPractitionerId: string | null;
  ownerProfession: string | null;
  /** Calendars the owner practitioner owns in this clinic (the partner rule needs exactly one). */
  ownerCalendarCount: number;
  onlineBookable: boolean;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  listedPatientsOnly: boolean;
}

export interface TypeForBooking {
  id: string;
  durationMinutes: number;
  contactSurface: ContactSurface;
  patientBookable: boolean;
  hidden: boolean;
  archived: boolean;
  dailyOnlineLimit: number | null;
}

export interface PatientForBooking {
  id: string;
  listedPractitionerId: string | null;
}

/** A calendar with what the booking rules ask of its owner; `$1` clinic, `$2` calendar. */
export const CALENDAR_FOR_BOOKING = `
  SELECT c.id, c.owner_practitioner_id, p.profession, c.online_bookable, c.min_notice_minutes,
         c.max_days_ahead, c.listed_patients_only,
         (SELECT count(*)::int FROM scheduling.calendars o
           WHERE o.clinic_id = c.clinic_id AND o.owner_practitioner_id = c.owner_practitioner_id) AS owner_calendars
  FROM scheduling.calendars c LEFT JOIN scheduling.practitioners p ON p.id = c.owner_practitioner_id
  WHERE c.clinic_id = $1 AND c.id = $2`;

type Row = Record<string, unknown>;

export function toCalendarForBooking(r: Row): CalendarForBooking {
  return {
    id: r.id as string,
    ownerPractitionerId: r.owner_practitioner_id as string | null,
    ownerProfession: r.profession as string | null,
    ownerCalendarCount: r.owner_calendars as number,
    onlineBookable: r.online_bookable as boolean,
    minNoticeMinutes: r.min_notice_minutes as number,
    maxDaysAhead: r.max_days_ahead as number,
    listedPatientsOnly: r.listed_patients_only as boolean,
  };
}

export function toTypeForBooking(r: Row): TypeForBooking {
  return {
    id: r.id as string,
    durationMinutes: r.duration_minutes as number,
    contactSurface: r.contact_surface as TypeForBooking['contactSurface'],
    patientBookable: r.patient_bookable as boolean,
    hidden: r.hidden as boolean,
    archived: r.archived as boolean,
    dailyOnlineLimit: r.daily_online_limit as number | null,
  };
}

/** Reads what a booking decision needs, in the booking's tenant transaction. */
@Injectable()
export class BookingContextRepository {
  /** Locks the calendar row (FOR SHARE), so per-day limits are counted against settled bookings. */
  async calendar(
    manager: EntityManager,
    clinicId: string,
    id: string,
    lock = false,
  ): Promise<CalendarForBooking | null> {
    const rows = await manager.query(`${CALENDAR_FOR_BOOKING} ${lock ? 'FOR UPDATE OF c' : ''}`, [
      clinicId,
      id,
    ]);
    return rows[0] ? toCalendarForBooking(rows[0]) : null;
  }

  async appointmentType(
    manager: EntityManager,
    clinicId: string,
    id: string,
  ): Promise<TypeForBooking | null> {
    const rows = await manager.query(
      `SELECT id, duration_minutes, contact_surface, patient_bookable, hidden, archived, daily_online_limit
       FROM scheduling.appointment_types WHERE clinic_id = $1 AND id = $2`,
      [clinicId, id],
    );
    return rows[0] ? toTypeForBooking(rows[0]) : null;
  }

  async patient(manager: EntityManager, clinicId: string, id: string): Promise<PatientForBooking | null> {
    const rows = await manager.query(
      `SELECT id, listed_practitioner_id FROM scheduling.patients WHERE clinic_id = $1 AND id = $2`,
      [clinicId, id],
    );
    return rows[0] ? { id: rows[0].id, listedPractitionerId: rows[0].listed_practitioner_id } : null;
  }

  /** Online bookings (patient or partner) of a type in a calendar that start inside [from, to). */
  async onlineBookingsOfType(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    typeId: string,
    from: Date,
    to: Date,
  ): Promise<number> {
    const rows = await manager.query(
      `SELECT count(*)::int AS n FROM scheduling.appointments
       WHERE clinic_id = $1 AND calendar_id = $2 AND appointment_type_id = $3
         AND status IN ('booked', 'arrived') AND source_channel IN ('patient_online', 'partner')
         AND lower(during) >= $4 AND lower(during) < $5`,
      [clinicId, calendarId, typeId, from, to],
    );
    return rows[0].n;
  }

  /** True when unavailable time (break, absence, unavailable class) overlaps [start, end). */
  async unavailableOverlaps(
    manager: EntityManager,
    clinicId: string,
    calendarId: string,
    start: Date,
    end: Date,
  ): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM scheduling.unavailable_times
       WHERE clinic_id = $1 AND calendar_id = $2 AND during && tstzrange($3, $4, '[)') LIMIT 1`,
      [clinicId, calendarId, start, end],
    );
    return rows.length > 0;
  }

  async timeZone(manager: EntityManager, clinicId: string): Promise<string> {
    const rows = await manager.query(`SELECT time_zone FROM scheduling.clinics WHERE id = $1`, [clinicId]);
    return (rows[0]?.time_zone as string | undefined) ?? 'Europe/Oslo';
  }

  async checkInWindowMinutes(manager: EntityManager, clinicId: string): Promise<number> {
    const rows = await manager.query(`SELECT check_in_window_minutes FROM scheduling.clinics WHERE id = $1`, [
      clinicId,
    ]);
    return (rows[0]?.check_in_window_minutes as number | undefined) ?? 120;
  }
}
