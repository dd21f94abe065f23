import { InvalidArgument } from './invalid-argument';
import type { Appointment, ContactSurface } from '../appointments/appointment';

/** google.protobuf.Timestamp as @grpc/proto-loader hands it over (longs as strings). */
export interface GrpcTimestamp {
  seconds: string | number;
  nanos: number;
}

export function fromTimestamp(field: string, ts: GrpcTimestamp | null | undefined): Date {
  if (!ts) throw new InvalidArgument(field, 'is required');
  const date = new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
  if (Number.isNaN(date.getTime())) throw new InvalidArgument(field, 'is not a valid timestamp');
  return date;
}

export function toTimestamp(date: Date): GrpcTimestamp {
  const ms = date.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
}

const SURFACE_BY_NAME: Record<string, ContactSurface | undefined> = {
  CONTACT_SURFACE_IN_PERSON: 'in_person',
  CONTACT_SURFACE_VIDEO: 'video',
  CONTACT_SURFACE_PHONE: 'phone',
};

export function surfaceFromGrpc(name: string | undefined): ContactSurface | undefined {
  return name ? SURFACE_BY_NAME[name] : undefined;
}

const upper = (s: string) => s.toUpperCase();

/** The Appointment message of appointment.proto; hidden appointments lose patient-facing text. */
export function toGrpcAppointment(a: Appointment): Record<string, unknown> {
  return {
    appointmentId: a.id,
    clinicId: a.clinicId,
    calendarId: a.calendarId,
    practitionerId: a.practitionerId ?? '',
    patientId: a.patientId,
    appointmentTypeId: a.appointmentTypeId,
    startTime: toTimestamp(a.start),
    endTime: toTimestamp(a.end),
    contactSurface: `CONTACT_SURFACE_${upper(a.contactSurface)}`,
    status: `APPOINTMENT_STATUS_${upper(a.status)}`,
    hidden: a.hidden,
    sourceChannel: `SOURCE_CHANNEL_${upper(a.sourceChannel)}`,
    notificationsEnabled: a.notificationsEnabled,
    appointmentTypeName: a.hidden ? '' : a.appointmentTypeName,
    patientInformation: a.hidden ? '' : a.patientInformation,
    version: a.version,
  };
}
