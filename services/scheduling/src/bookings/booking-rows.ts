import { z } from 'zod';
import { sql, type Sql } from '@carebus/persistence';
import { CONTACT_SURFACES } from '../appointments/appointment';
import type { CalendarForBooking, TypeForBooking } from './booking-context';

/** A calendar with what the booking rules ask of its owner. */
export function calendarForBooking(clinicId: string, calendarId: string): Sql {
  return sql`
  SELECT c.id, c.owner_practitioner_id, p.profession, c.online_bookable, c.min_notice_minutes,
         c.max_days_ahead, c.listed_patients_only,
         (SELECT count(*)::int FROM scheduling.calendars o
           WHERE o.clinic_id = c.clinic_id AND o.owner_practitioner_id = c.owner_practitioner_id) AS owner_calendars
  FROM scheduling.calendars c LEFT JOIN scheduling.practitioners p ON p.id = c.owner_practitioner_id
  WHERE c.clinic_id = ${clinicId} AND c.id = ${calendarId}`;
}

export const CalendarForBookingRow = z
  .object({
    id: z.string(),
    owner_practitioner_id: z.string().nullable(),
    profession: z.string().nullable(),
    online_bookable: z.boolean(),
    min_notice_minutes: z.number(),
    max_days_ahead: z.number(),
    listed_patients_only: z.boolean(),
    owner_calendars: z.number(),
  })
  .transform((r): CalendarForBooking => ({
    id: r.id,
    ownerPractitionerId: r.owner_practitioner_id,
    ownerProfession: r.profession,
    ownerCalendarCount: r.owner_calendars,
    onlineBookable: r.online_bookable,
    minNoticeMinutes: r.min_notice_minutes,
    maxDaysAhead: r.max_days_ahead,
    listedPatientsOnly: r.listed_patients_only,
  }));

export const TYPE_FOR_BOOKING = sql`id, duration_minutes, contact_surface, patient_bookable, hidden, archived,
  daily_online_limit`;

export const TypeForBookingRow = z
  .object({
    id: z.string(),
    duration_minutes: z.number(),
    contact_surface: z.enum(CONTACT_SURFACES),
    patient_bookable: z.boolean(),
    hidden: z.boolean(),
    archived: z.boolean(),
    daily_online_limit: z.number().nullable(),
  })
  .transform((r): TypeForBooking => ({
    id: r.id,
    durationMinutes: r.duration_minutes,
    contactSurface: r.contact_surface,
    patientBookable: r.patient_bookable,
    hidden: r.hidden,
    archived: r.archived,
    dailyOnlineLimit: r.daily_online_limit,
  }));

export const PatientForBookingRow = z
  .object({ id: z.string(), listed_practitioner_id: z.string().nullable() })
  .transform((r) => ({ id: r.id, listedPractitionerId: r.listed_practitioner_id }));
