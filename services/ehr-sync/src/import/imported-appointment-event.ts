import { createHash } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EhrAppointmentStatus, encodeEventPayload, EVENTS } from '@carebus/contracts';
import type { OutboxEvent } from '@carebus/outbox';
import type { EhrAppointment } from '../ehr-adapters/ehr-appointment';
import type { ConnectionMappings } from '../mappings/mapping';

export interface ImportSource {
  clinicId: string;
  connectionId: string;
  /** The connection's style, as `ehr_system`. */
  ehrSystem: string;
  /** Null for a real-time message from the EHR. */
  syncRunId: string | null;
  mappings: ConnectionMappings;
  /** Classes the connection's settings mark as unavailable time. */
  unavailableClasses: ReadonlySet<string>;
}

/** What the connection's mappings make of one EHR appointment: Carebus ids, empty when unmapped. */
export interface MappedFields {
  calendarId: string;
  practitionerId: string;
  appointmentTypeId: string;
  unavailable: boolean;
}

export function mappedFieldsOf(s: ImportSource, a: EhrAppointment): MappedFields {
  const provider = s.mappings.providers.get(a.providerExternalId);
  const type = a.appointmentClass ? s.mappings.classes.get(a.appointmentClass) : undefined;
  return {
    calendarId: provider?.calendarId ?? '',
    practitionerId: provider?.practitionerId ?? '',
    appointmentTypeId: type && !type.unavailable ? type.appointmentTypeId : '',
    unavailable:
      (a.appointmentClass !== null && s.unavailableClasses.has(a.appointmentClass)) ||
      type?.unavailable === true,
  };
}

/**
 * The mapping's part of the import version: empty when nothing is mapped, else a short digest of
 * the mapped ids. A changed mapping makes the next run emit the appointment again, mapped anew.
 */
export function mappingTag(m: MappedFields): string {
  if (!m.calendarId && !m.practitionerId && !m.appointmentTypeId && !m.unavailable) return '';
  const text = [m.calendarId, m.practitionerId, m.appointmentTypeId, m.unavailable ? 'u' : ''].join('|');
  return `~${createHash('sha256').update(text).digest('base64url').slice(0, 12)}`;
}

/**
 * EhrAppointmentImported on ehrsync.appointment.v1, keyed `<connection>:<external id>` so one
 * appointment's imports stay in order. The patient travels as the EHR's id only; the mapped
 * Carebus calendar, practitioner and type are empty when unmapped (scheduling records a conflict).
 */
export function importedAppointmentEvent(
  topic: string,
  s: ImportSource,
  a: EhrAppointment,
  m: MappedFields,
  at: Date,
): OutboxEvent {
  const definition = EVENTS.ehrAppointmentImported;
  return {
    type: definition.type,
    topic,
    aggregateType: definition.aggregateType,
    aggregateId: `${s.connectionId}:${a.externalId}`,
    clinicId: s.clinicId,
    payload: encodeEventPayload(definition, {
      externalId: a.externalId,
      ehrSystem: s.ehrSystem,
      clinicId: s.clinicId,
      connectionId: s.connectionId,
      syncRunId: s.syncRunId ?? '',
      externalCalendarId: a.providerExternalId,
      calendarId: m.calendarId,
      externalPractitionerId: a.providerExternalId,
      practitionerId: m.practitionerId,
      patientExternalId: a.patientExternalId ?? '',
      startTime: timestampFromDate(a.start),
      endTime: timestampFromDate(a.end),
      externalAppointmentTypeId: a.appointmentClass ?? '',
      appointmentTypeId: m.appointmentTypeId,
      status: m.unavailable ? EhrAppointmentStatus.UNAVAILABLE : statusOf(a.status),
      ...(a.updatedAt ? { externalUpdatedAt: timestampFromDate(a.updatedAt) } : {}),
    }),
    time: at,
  };
}

function statusOf(status: EhrAppointment['status']): EhrAppointmentStatus {
  switch (status) {
    case 'booked':
      return EhrAppointmentStatus.BOOKED;
    case 'arrived':
      return EhrAppointmentStatus.ARRIVED;
    case 'cancelled':
      return EhrAppointmentStatus.CANCELLED;
    default:
      return EhrAppointmentStatus.UNSPECIFIED;
  }
}
