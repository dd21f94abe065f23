import type { AppointmentRecord, EhrRecord, PatientRecord, ProviderRecord } from '../data/records';

const iso = (ms: number) => new Date(ms).toISOString();
const STATUS = { booked: 'SCHEDULED', arrived: 'ARRIVED', cancelled: 'CANCELLED' } as const;

/** A record in the vendor's JSON shape. */
export function toVendor(record: EhrRecord): Record<string, unknown> {
  if (record.kind === 'provider') return provider(record);
  if (record.kind === 'patient') return patient(record);
  return appointment(record);
}

function provider(r: ProviderRecord) {
  return {
    providerId: r.id,
    displayName: `${r.given} ${r.family}`,
    title: r.title,
    active: r.active,
    revision: r.revision,
    modifiedAt: iso(r.lastUpdated),
  };
}

function patient(r: PatientRecord) {
  return {
    patientId: r.id,
    firstName: r.given,
    lastName: r.family,
    birthDate: r.birthDate,
    revision: r.revision,
    modifiedAt: iso(r.lastUpdated),
  };
}

function appointment(r: AppointmentRecord) {
  return {
    appointmentId: r.id,
    revision: r.revision,
    providerId: r.providerId,
    patientId: r.patientId,
    classId: r.classId,
    start: iso(r.start),
    end: iso(r.end),
    status: STATUS[r.status],
    modifiedAt: iso(r.lastUpdated),
  };
}

/** The change feed's verb for a record at its current revision. */
export function changeType(record: EhrRecord): 'CREATED' | 'UPDATED' | 'CANCELLED' {
  if (record.kind === 'appointment' && record.status === 'cancelled') return 'CANCELLED';
  return record.version === 1 ? 'CREATED' : 'UPDATED';
}
