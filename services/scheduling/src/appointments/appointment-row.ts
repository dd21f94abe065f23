import { z } from 'zod';
import { empty, sql, type Sql } from '@carebus/persistence';
import { APPOINTMENT_STATUSES, CONTACT_SURFACES, SOURCE_CHANNELS, type Appointment } from './appointment';

/**
 * An appointment as read, joined with what its events and readers need from type and calendar.
 * `extra` adds columns after the common ones (e.g. `a.request_hash`).
 */
export function selectAppointments(extra: Sql = empty): Sql {
  return sql`
  SELECT a.id, a.clinic_id, a.calendar_id, c.owner_practitioner_id, a.appointment_type_id,
         t.name AS type_name, t.patient_information, t.notifications_enabled, a.patient_id,
         lower(a.during) AS start_at, upper(a.during) AS end_at, a.status, a.contact_surface, a.hidden,
         a.source_channel, a.video_started_at, a.arrived_at, a.cancelled_at, a.cancelled_by,
         a.cancel_reason, a.note, a.version, a.created_at, a.updated_at${extra}
  FROM scheduling.appointments a
  JOIN scheduling.appointment_types t ON t.id = a.appointment_type_id
  JOIN scheduling.calendars c ON c.id = a.calendar_id`;
}

export const AppointmentColumns = z.object({
  id: z.string(),
  clinic_id: z.string(),
  calendar_id: z.string(),
  owner_practitioner_id: z.string().nullable(),
  appointment_type_id: z.string(),
  type_name: z.string(),
  patient_information: z.string(),
  notifications_enabled: z.boolean(),
  patient_id: z.string(),
  start_at: z.date(),
  end_at: z.date(),
  status: z.enum(APPOINTMENT_STATUSES),
  contact_surface: z.enum(CONTACT_SURFACES),
  hidden: z.boolean(),
  source_channel: z.enum(SOURCE_CHANNELS),
  video_started_at: z.date().nullable(),
  arrived_at: z.date().nullable(),
  cancelled_at: z.date().nullable(),
  cancelled_by: z.enum(['clinic', 'patient']).nullable(),
  cancel_reason: z.string().nullable(),
  note: z.string(),
  version: z.number(),
  created_at: z.date(),
  updated_at: z.date(),
});

export function toAppointment(r: z.infer<typeof AppointmentColumns>): Appointment {
  return {
    id: r.id,
    clinicId: r.clinic_id,
    calendarId: r.calendar_id,
    practitionerId: r.owner_practitioner_id,
    appointmentTypeId: r.appointment_type_id,
    appointmentTypeName: r.type_name,
    patientInformation: r.patient_information,
    notificationsEnabled: r.notifications_enabled,
    patientId: r.patient_id,
    start: r.start_at,
    end: r.end_at,
    status: r.status,
    contactSurface: r.contact_surface,
    hidden: r.hidden,
    sourceChannel: r.source_channel,
    videoStartedAt: r.video_started_at,
    arrivedAt: r.arrived_at,
    cancelledAt: r.cancelled_at,
    cancelledBy: r.cancelled_by,
    cancelReason: r.cancel_reason,
    note: r.note,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const AppointmentRow = AppointmentColumns.transform(toAppointment);
