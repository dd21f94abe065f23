import { pick, recordRandom, seedHash } from './seeded-random';
import { FAMILY_NAMES, GIVEN_NAMES } from './synthetic-names';
import {
  APPOINTMENT_CLASSES,
  type AppointmentRecord,
  type AppointmentStatus,
  type EhrRecord,
  type PatientRecord,
  type ProviderRecord,
  type RecordKind,
} from './records';

export interface DatasetSize {
  seed: string | number;
  practitioners: number;
  patients: number;
  appointments: number;
  /** First schedule day (UTC date). */
  scheduleStart: string;
  /** Days the seeded appointments spread over. */
  scheduleDays: number;
}

/** Seeded records were last changed at this instant + their revision in ms. */
export const SEEDED_AT = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const SLOTS_PER_DAY = 16; // 08:00–16:00 in 30-minute steps
const KIND_NUMBER: Record<RecordKind, number> = { provider: 0, patient: 1, appointment: 2 };
const TITLES = ['Dentist', 'Hygienist', 'Physician', 'Nurse'] as const;
const STATUSES: readonly AppointmentStatus[] = [
  ...Array<AppointmentStatus>(17).fill('booked'),
  'cancelled',
  'cancelled',
  'arrived',
];

/**
 * The seeded records, computed from (seed, kind, index) on every read: nothing is stored, so a
 * simulator with 100,000 appointments starts as fast and as small as one with ten. Revisions:
 * providers 1…P, patients P+1…P+M, appointments P+M+1…P+M+A.
 */
export class SeededDataset {
  private readonly seedBits: number;
  private readonly dayZero: number;

  constructor(readonly size: DatasetSize) {
    this.seedBits = seedHash(size.seed);
    this.dayZero = Date.parse(`${size.scheduleStart}T00:00:00.000Z`);
  }

  get lastRevision(): number {
    return this.size.practitioners + this.size.patients + this.size.appointments;
  }

  /** First and last revision of a kind's seeded records. */
  range(kind: RecordKind): [number, number] {
    const { practitioners: p, patients: m, appointments: a } = this.size;
    if (kind === 'provider') return [1, p];
    if (kind === 'patient') return [p + 1, p + m];
    return [p + m + 1, p + m + a];
  }

  /** The seeded record with this id, or null when the id is not a seeded one. */
  byId(kind: RecordKind, id: string): EhrRecord | null {
    const match = /^(?:prov|pat|appt)-([1-9]\d{0,8})$/.exec(id);
    if (!match || !id.startsWith(PREFIX[kind])) return null;
    const index = Number(match[1]);
    const [lo, hi] = this.range(kind);
    return index <= hi - lo + 1 ? this.atRevision(lo + index - 1) : null;
  }

  /** The seeded record that holds this revision. */
  atRevision(revision: number): EhrRecord {
    const { practitioners: p, patients: m } = this.size;
    if (revision <= p) return this.provider(revision);
    if (revision <= p + m) return this.patient(revision - p);
    return this.appointment(revision - p - m);
  }

  private meta(kind: RecordKind, index: number, revision: number) {
    return { id: `${PREFIX[kind]}${index}`, revision, version: 1, lastUpdated: SEEDED_AT + revision };
  }

  private provider(index: number): ProviderRecord {
    const random = recordRandom(this.seedBits, KIND_NUMBER.provider, index);
    return {
      kind: 'provider',
      ...this.meta('provider', index, index),
      given: pick(random, GIVEN_NAMES),
      family: `${pick(random, FAMILY_NAMES)}-${index}`,
      title: pick(random, TITLES),
      active: true,
    };
  }

  private patient(index: number): PatientRecord {
    const random = recordRandom(this.seedBits, KIND_NUMBER.patient, index);
    const born = Date.UTC(1940, 0, 1) + Math.floor(random() * 80 * 365) * DAY_MS;
    return {
      kind: 'patient',
      ...this.meta('patient', index, this.size.practitioners + index),
      given: pick(random, GIVEN_NAMES),
      family: `${pick(random, FAMILY_NAMES)}-${index}`,
      gender: pick(random, ['female', 'male', 'other'] as const),
      birthDate: new Date(born).toISOString().slice(0, 10),
    };
  }

  private appointment(index: number): AppointmentRecord {
    const random = recordRandom(this.seedBits, KIND_NUMBER.appointment, index);
    const { practitioners, patients, scheduleDays } = this.size;
    const cls =
      random() < 0.05
        ? APPOINTMENT_CLASSES[3]!
        : pick(
            random,
            APPOINTMENT_CLASSES.filter((c) => !c.unavailable),
          );
    const day = Math.floor(random() * scheduleDays);
    const slot = Math.floor(random() * SLOTS_PER_DAY);
    const start = this.dayZero + day * DAY_MS + 8 * 3_600_000 + slot * 1_800_000;
    return {
      kind: 'appointment',
      ...this.meta('appointment', index, practitioners + patients + index),
      providerId: `prov-${1 + Math.floor(random() * practitioners)}`,
      patientId: cls.unavailable ? null : `pat-${1 + Math.floor(random() * patients)}`,
      classId: cls.id,
      start,
      end: start + cls.durationMinutes * 60_000,
      status: cls.unavailable ? 'booked' : pick(random, STATUSES),
    };
  }
}

export const PREFIX: Record<RecordKind, string> = {
  provider: 'prov-',
  patient: 'pat-',
  appointment: 'appt-',
};
