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

/**
 * EhrAppointmentImported on ehrsync.appointment.v1, keyed `<connection>:<external id>` so one
 * appointment's imports stay in order. The patient travels as the EHR's id only; the mapped
 * Carebus calendar, practitioner and type are empty when unmapped (scheduling records a conflict).
 */
export function importedAppointmentEvent(
  topic: string,
  s: ImportSource,
  a: EhrAppointment,
  at: Date,
): OutboxEvent {
  const definition = EVENTS.ehrAppointmentImported;
  const provider = s.mappings.providers.get(a.providerExternalId);
  const type = a.appointmentClass ? s.mappings.classes.get(a.appointmentClass) : undefined;
  const unavailable =
    (a.appointmentClass !== null && s.unavailableClasses.has(a.appointmentClass)) ||
    type?.unavailable === true;
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
      calendarId: provider?.calendarId ?? '',
      externalPractitionerId: a.providerExternalId,
      practitionerId: provider?.practitionerId ?? '',
      patientExternalId: a.patientExternalId ?? '',
      startTime: timestampFromDate(a.start),
      endTime: timestampFromDate(a.end),
      externalAppointmentTypeId: a.appointmentClass ?? '',
      appointmentTypeId: type && !type.unavailable ? type.appointmentTypeId : '',
      status: unavailable ? EhrAppointmentStatus.UNAVAILABLE : statusOf(a.status),
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
