import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  AppointmentSchema,
  AppointmentStatus as StatusPb,
  CancelledBy as CancelledByPb,
  ContactSurface as SurfacePb,
  EVENTS,
  SourceChannel as ChannelPb,
  type EventDefinition,
} from '@carebus/contracts';
import { outboxEventOf, type OutboxEvent } from '@carebus/outbox';
import type { DescMessage } from '@bufbuild/protobuf';
import type {
  Appointment,
  AppointmentStatus,
  CancelledBy,
  ContactSurface,
  SourceChannel,
} from './appointment';

const STATUS: Record<AppointmentStatus, StatusPb> = {
  booked: StatusPb.BOOKED,
  arrived: StatusPb.ARRIVED,
  cancelled: StatusPb.CANCELLED,
  no_show: StatusPb.NO_SHOW,
};
export const SURFACE: Record<ContactSurface, SurfacePb> = {
  in_person: SurfacePb.IN_PERSON,
  video: SurfacePb.VIDEO,
  phone: SurfacePb.PHONE,
};
const CHANNEL: Record<SourceChannel, ChannelPb> = {
  staff: ChannelPb.STAFF,
  patient_online: ChannelPb.PATIENT_ONLINE,
  partner: ChannelPb.PARTNER,
  ehr_import: ChannelPb.EHR_IMPORT,
};
const CANCELLED_BY: Record<CancelledBy, CancelledByPb> = {
  clinic: CancelledByPb.CLINIC,
  patient: CancelledByPb.PATIENT,
};

/**
 * The snapshot every appointment event carries. A hidden appointment's patient-facing fields
 * (type name, patient information) stay empty, so no consumer can show them to a guardian.
 * `version` is the row's, read after the change in the change's transaction: consumers use it to
 * recognise an event that arrives after a newer one (a retry, a replay).
 */
export function appointmentSnapshot(
  a: Appointment,
  originConnectionId = '',
): MessageInitShape<typeof AppointmentSchema> {
  return {
    appointmentId: a.id,
    clinicId: a.clinicId,
    calendarId: a.calendarId,
    practitionerId: a.practitionerId ?? '',
    patientId: a.patientId,
    appointmentTypeId: a.appointmentTypeId,
    startTime: timestampFromDate(a.start),
    endTime: timestampFromDate(a.end),
    contactSurface: SURFACE[a.contactSurface],
    status: STATUS[a.status],
    hidden: a.hidden,
    sourceChannel: CHANNEL[a.sourceChannel],
    notificationsEnabled: a.notificationsEnabled,
    appointmentTypeName: a.hidden ? '' : a.appointmentTypeName,
    patientInformation: a.hidden ? '' : a.patientInformation,
    version: BigInt(a.version),
    originConnectionId,
  };
}

function event<Desc extends DescMessage>(
  definition: EventDefinition<Desc>,
  a: Appointment,
  init: MessageInitShape<Desc>,
): OutboxEvent {
  return outboxEventOf(definition, { aggregateId: a.id, clinicId: a.clinicId }, init);
}

/**
 * The event builders of changes from `originConnectionId`: the EHR connection an imported change
 * came from (so ehr-sync never writes it back there), or '' for every other change.
 */
function appointmentEventsFrom(originConnectionId: string) {
  const snapshot = (a: Appointment) => appointmentSnapshot(a, originConnectionId);
  return {
    booked: (a: Appointment) => event(EVENTS.appointmentBooked, a, { appointment: snapshot(a) }),
    rescheduled: (a: Appointment, before: Appointment) =>
      event(EVENTS.appointmentRescheduled, a, {
        appointment: snapshot(a),
        previousStartTime: timestampFromDate(before.start),
        previousEndTime: timestampFromDate(before.end),
        previousCalendarId: before.calendarId,
      }),
    cancelled: (a: Appointment, by: CancelledBy, reason: string) =>
      event(EVENTS.appointmentCancelled, a, {
        appointment: snapshot(a),
        cancelledBy: CANCELLED_BY[by],
        reason,
      }),
    typeChanged: (a: Appointment, before: Appointment) =>
      event(EVENTS.appointmentTypeChanged, a, {
        appointment: snapshot(a),
        previousAppointmentTypeId: before.appointmentTypeId,
        previousContactSurface: SURFACE[before.contactSurface],
      }),
    arrived: (a: Appointment, at: Date) =>
      event(EVENTS.appointmentArrived, a, {
        appointment: snapshot(a),
        arrivedAt: timestampFromDate(at),
      }),
    noShow: (a: Appointment, at: Date) =>
      event(EVENTS.appointmentNoShow, a, {
        appointment: snapshot(a),
        markedAt: timestampFromDate(at),
      }),
    videoStarted: (a: Appointment, at: Date) =>
      event(EVENTS.appointmentVideoStarted, a, {
        appointment: snapshot(a),
        startedAt: timestampFromDate(at),
      }),
  };
}

/** Events of changes made in Carebus (staff, patients, partners): no origin connection. */
export const appointmentEvents = appointmentEventsFrom('');

/** Events of a change applied from an import of EHR connection `connectionId`. */
export function importedAppointmentEvents(connectionId: string): typeof appointmentEvents {
  return appointmentEventsFrom(connectionId);
}
