import { timestampDate } from '@bufbuild/protobuf/wkt';
import { EhrAppointmentStatus, type EhrAppointmentImported } from '@carebus/contracts';
import { isUuid } from '@carebus/persistence';
import { invalidImport } from '../scheduling.errors';

/** An appointment as a clinic's EHR reports it, checked: the command of the EHR reconciliation. */
export interface ImportedAppointment {
  clinicId: string;
  connectionId: string;
  externalId: string;
  /** Null when the EHR's calendar maps to none of scheduling's. */
  calendarId: string | null;
  /** Null when the EHR's type maps to none of scheduling's (an existing appointment keeps its own). */
  appointmentTypeId: string | null;
  /** The EHR's patient id (its own appointment id when it gave none). */
  patientExternalId: string;
  status: EhrAppointmentStatus;
  start: Date;
  end: Date;
  /** When the EHR last changed it; an older copy than the one applied is stale. */
  externalUpdatedAt: Date | null;
  /** The event that brought it, for conflict records. */
  causeEventId: string;
}

/**
 * Reads an `ehrsync.appointment.v1` payload. One that can never apply is `scheduling.invalid_import`
 * (unprocessable: dead-lettered at once, not retried).
 */
export function importedAppointmentOf(p: EhrAppointmentImported, eventId: string): ImportedAppointment {
  if (!isUuid(p.clinicId) || !isUuid(p.connectionId) || p.externalId === '') {
    throw invalidImport('clinic_id, connection_id and external_id are required');
  }
  if (!p.startTime || !p.endTime) throw invalidImport('start and end are required');
  const start = timestampDate(p.startTime);
  const end = timestampDate(p.endTime);
  if (!(start < end)) throw invalidImport('end must be after start');
  return {
    clinicId: p.clinicId,
    connectionId: p.connectionId,
    externalId: p.externalId,
    calendarId: isUuid(p.calendarId) ? p.calendarId : null,
    appointmentTypeId: isUuid(p.appointmentTypeId) ? p.appointmentTypeId : null,
    patientExternalId: p.patientExternalId || p.externalId,
    status: p.status,
    start,
    end,
    externalUpdatedAt: p.externalUpdatedAt ? timestampDate(p.externalUpdatedAt) : null,
    causeEventId: eventId,
  };
}
