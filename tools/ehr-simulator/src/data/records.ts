/** The simulated EHR's records, shared by both API styles. Times are epoch milliseconds. */
export interface RecordMeta {
  id: string;
  /** Global revision of the record's last change. */
  revision: number;
  /** The record's own version: 1 when created, +1 per change (FHIR meta.versionId). */
  version: number;
  lastUpdated: number;
}

export interface ProviderRecord extends RecordMeta {
  kind: 'provider';
  given: string;
  family: string;
  title: string;
  active: boolean;
}

export interface PatientRecord extends RecordMeta {
  kind: 'patient';
  given: string;
  family: string;
  gender: 'female' | 'male' | 'other';
  birthDate: string;
}

export type AppointmentStatus = 'booked' | 'arrived' | 'cancelled';

export interface AppointmentRecord extends RecordMeta {
  kind: 'appointment';
  providerId: string;
  patientId: string | null;
  classId: string | null;
  start: number;
  end: number;
  status: AppointmentStatus;
  /** The creating client's business identifier (`system|value`), when it gave one. */
  identifier?: string;
}

export type EhrRecord = ProviderRecord | PatientRecord | AppointmentRecord;
export type RecordKind = EhrRecord['kind'];

export interface AppointmentClass {
  id: string;
  name: string;
  durationMinutes: number;
  /** Counts as unavailable time (a break), never has a patient. */
  unavailable: boolean;
}

export const APPOINTMENT_CLASSES: readonly AppointmentClass[] = [
  { id: 'cls-1', name: 'Checkup', durationMinutes: 30, unavailable: false },
  { id: 'cls-2', name: 'Cleaning', durationMinutes: 60, unavailable: false },
  { id: 'cls-3', name: 'Emergency', durationMinutes: 30, unavailable: false },
  { id: 'cls-4', name: 'Break', durationMinutes: 30, unavailable: true },
  { id: 'cls-5', name: 'Consultation', durationMinutes: 30, unavailable: false },
];
