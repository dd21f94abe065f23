import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { EVENTS, type AppointmentTypeSchema } from '@carebus/contracts';
import { outboxEventOf } from '@carebus/outbox';
import { SURFACE } from '../appointments/appointment-events';
import type { AppointmentType } from './appointment-type';

/** The whole appointment type as scheduling.appointment_type.v1 carries it; no patient data. */
export function appointmentTypeSnapshot(
  clinicId: string,
  t: AppointmentType,
): MessageInitShape<typeof AppointmentTypeSchema> {
  return {
    appointmentTypeId: t.id,
    clinicId,
    name: t.name,
    durationMinutes: t.durationMinutes,
    contactSurface: SURFACE[t.contactSurface],
    patientBookable: t.patientBookable,
    notificationsEnabled: t.notificationsEnabled,
    hidden: t.hidden,
    archived: t.archived,
    priceMinor: BigInt(t.priceMinor),
    currency: t.currency,
    version: BigInt(t.version),
    updatedAt: timestampFromDate(t.updatedAt),
  };
}

const target = (clinicId: string, t: AppointmentType) => ({ aggregateId: t.id, clinicId, time: t.updatedAt });

export const appointmentTypeEvents = {
  created: (clinicId: string, t: AppointmentType) =>
    outboxEventOf(EVENTS.appointmentTypeCreated, target(clinicId, t), {
      appointmentType: appointmentTypeSnapshot(clinicId, t),
    }),
  updated: (clinicId: string, t: AppointmentType) =>
    outboxEventOf(EVENTS.appointmentTypeUpdated, target(clinicId, t), {
      appointmentType: appointmentTypeSnapshot(clinicId, t),
    }),
};
