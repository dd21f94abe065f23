import {
  APPOINTMENT_CLASSES,
  type AppointmentRecord,
  type EhrRecord,
  type PatientRecord,
  type ProviderRecord,
} from '../data/records';

export const CLASS_SYSTEM = 'urn:ehr-simulator:appointment-class';
export const MRN_SYSTEM = 'urn:ehr-simulator:mrn';
export const FHIR_TYPES = ['Patient', 'Practitioner', 'Schedule', 'Slot', 'Appointment'] as const;
export type FhirType = (typeof FHIR_TYPES)[number];

/** Which record a FHIR type is read from (Schedule: a practitioner's; Slot: an appointment's). */
export const RECORD_KIND = {
  Patient: 'patient',
  Practitioner: 'provider',
  Schedule: 'provider',
  Slot: 'appointment',
  Appointment: 'appointment',
} as const satisfies Record<FhirType, EhrRecord['kind']>;

export const ID_PREFIX: Record<FhirType, string> = {
  Patient: '',
  Practitioner: '',
  Schedule: 'sched-',
  Slot: 'slot-',
  Appointment: '',
};

const iso = (ms: number) => new Date(ms).toISOString();
const meta = (r: EhrRecord) => ({ versionId: String(r.version), lastUpdated: iso(r.lastUpdated) });

export function toFhir(type: FhirType, record: EhrRecord): Record<string, unknown> {
  switch (type) {
    case 'Patient':
      return patient(record as PatientRecord);
    case 'Practitioner':
      return practitioner(record as ProviderRecord);
    case 'Schedule':
      return schedule(record as ProviderRecord);
    case 'Slot':
      return slot(record as AppointmentRecord);
    case 'Appointment':
      return appointment(record as AppointmentRecord);
  }
}

function patient(r: PatientRecord) {
  return {
    resourceType: 'Patient',
    id: r.id,
    meta: meta(r),
    identifier: [{ system: MRN_SYSTEM, value: r.id.toUpperCase() }],
    name: [{ family: r.family, given: [r.given] }],
    gender: r.gender,
    birthDate: r.birthDate,
  };
}

function practitioner(r: ProviderRecord) {
  return {
    resourceType: 'Practitioner',
    id: r.id,
    meta: meta(r),
    active: r.active,
    name: [{ family: r.family, given: [r.given] }],
  };
}

function schedule(r: ProviderRecord) {
  return {
    resourceType: 'Schedule',
    id: `sched-${r.id}`,
    meta: meta(r),
    active: r.active,
    actor: [{ reference: `Practitioner/${r.id}` }],
  };
}

function slot(r: AppointmentRecord) {
  return {
    resourceType: 'Slot',
    id: `slot-${r.id}`,
    meta: meta(r),
    schedule: { reference: `Schedule/sched-${r.providerId}` },
    status: r.status === 'cancelled' ? 'free' : 'busy',
    start: iso(r.start),
    end: iso(r.end),
  };
}

function appointment(r: AppointmentRecord) {
  const cls = APPOINTMENT_CLASSES.find((c) => c.id === r.classId);
  const participant = [{ actor: { reference: `Practitioner/${r.providerId}` }, status: 'accepted' }];
  if (r.patientId) participant.push({ actor: { reference: `Patient/${r.patientId}` }, status: 'accepted' });
  return {
    resourceType: 'Appointment',
    id: r.id,
    meta: meta(r),
    ...(r.identifier ? { identifier: [identifierOf(r.identifier)] } : {}),
    status: r.status,
    ...(cls
      ? { appointmentType: { coding: [{ system: CLASS_SYSTEM, code: cls.id, display: cls.name }] } }
      : {}),
    start: iso(r.start),
    end: iso(r.end),
    slot: [{ reference: `Slot/slot-${r.id}` }],
    participant,
  };
}

function identifierOf(token: string): { system?: string; value: string } {
  const bar = token.indexOf('|');
  const system = token.slice(0, bar);
  return { ...(system ? { system } : {}), value: token.slice(bar + 1) };
}
