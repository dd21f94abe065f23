import { badResponse } from '../ehr-adapter.errors';
import type { EhrAppointment, EhrAppointmentStatus, EhrProvider } from '../ehr-appointment';
import { instantAt, objectAt, optionalStringAt, stringAt } from '../response-shape';

const STATUS: Record<string, EhrAppointmentStatus> = {
  SCHEDULED: 'booked',
  ARRIVED: 'arrived',
  CANCELLED: 'cancelled',
};

function revisionAt(value: unknown, path: string): string {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw badResponse(path);
  return String(value);
}

/** A vendor appointment record as the common model. */
export function appointmentFromVendor(value: unknown): EhrAppointment {
  const r = objectAt(value, 'appointment');
  const start = instantAt(r.start, 'appointment.start');
  const end = instantAt(r.end, 'appointment.end');
  if (!(start < end)) throw badResponse('appointment.end');
  return {
    externalId: stringAt(r.appointmentId, 'appointment.appointmentId'),
    version: revisionAt(r.revision, 'appointment.revision'),
    providerExternalId: stringAt(r.providerId, 'appointment.providerId'),
    appointmentClass: optionalStringAt(r.classId, 'appointment.classId'),
    start,
    end,
    status: STATUS[stringAt(r.status, 'appointment.status')] ?? 'other',
    patientExternalId: optionalStringAt(r.patientId, 'appointment.patientId'),
    updatedAt: r.modifiedAt === undefined ? null : instantAt(r.modifiedAt, 'appointment.modifiedAt'),
  };
}

export function providerFromVendor(value: unknown): EhrProvider {
  const r = objectAt(value, 'provider');
  return {
    externalId: stringAt(r.providerId, 'provider.providerId'),
    version: revisionAt(r.revision, 'provider.revision'),
    displayName: stringAt(r.displayName, 'provider.displayName'),
    active: r.active !== false,
  };
}
