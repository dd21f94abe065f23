import type { EhrStore } from './ehr-store';
import { APPOINTMENT_CLASSES, type AppointmentRecord } from './records';
import type { WriteJournal } from './write-journal';

export interface AppointmentInput {
  providerId: string;
  patientId: string | null;
  classId: string | null;
  start: number;
  end: number;
  /** A client's business identifier (`system|value`, FHIR `identifier`): a second create with it finds the first. */
  identifier?: string | null;
}

export type WriteRefusal =
  | { refused: 'not_found' }
  | { refused: 'conflict' }
  | { refused: 'already_cancelled' }
  | { refused: 'class_required' }
  | { refused: 'invalid'; field: string; text: string };

export type WriteResult = AppointmentRecord | WriteRefusal;

export function isRefusal(result: WriteResult): result is WriteRefusal {
  return 'refused' in result;
}

/** Appointment changes with the EHR's own rules; every style (and the admin API) writes here. */
export class AppointmentWrites {
  private readonly byIdentifier = new Map<string, string>();

  constructor(
    private readonly store: EhrStore,
    private readonly journal: WriteJournal,
  ) {}

  /** The appointment created with this identifier, if any (FHIR conditional create). */
  findByIdentifier(identifier: string): AppointmentRecord | null {
    const id = this.byIdentifier.get(identifier);
    return id ? this.store.appointment(id) : null;
  }

  /** `key`: the client's idempotency key, for the journal. */
  create(input: AppointmentInput, requireClass: boolean, key: string | null = null): WriteResult {
    if (input.classId === null && requireClass) return { refused: 'class_required' };
    const invalid = this.check(input);
    if (invalid) return invalid;
    const { identifier, ...fields } = input;
    const created = this.store.create<AppointmentRecord>({
      kind: 'appointment',
      ...fields,
      ...(identifier ? { identifier } : {}),
      status: 'booked',
    });
    if (identifier) this.byIdentifier.set(identifier, created.id);
    this.journalled('create', created, key ?? identifier ?? null);
    return created;
  }

  reschedule(
    id: string,
    change: { start?: number; end?: number; providerId?: string },
    expected?: (current: AppointmentRecord) => boolean,
    key: string | null = null,
  ): WriteResult {
    const current = this.store.appointment(id);
    if (!current) return { refused: 'not_found' };
    if (expected && !expected(current)) return { refused: 'conflict' };
    if (current.status === 'cancelled') return { refused: 'already_cancelled' };
    const next = { ...current, ...change };
    const invalid = this.check(next);
    if (invalid) return invalid;
    return this.journalled('reschedule', this.store.update(current, change), key);
  }

  cancel(
    id: string,
    expected?: (current: AppointmentRecord) => boolean,
    key: string | null = null,
  ): WriteResult {
    const current = this.store.appointment(id);
    if (!current) return { refused: 'not_found' };
    if (expected && !expected(current)) return { refused: 'conflict' };
    if (current.status === 'cancelled') return { refused: 'already_cancelled' };
    return this.journalled('cancel', this.store.update(current, { status: 'cancelled' }), key);
  }

  private journalled(action: 'create' | 'reschedule' | 'cancel', r: AppointmentRecord, key: string | null) {
    this.journal.add({
      action,
      recordId: r.id,
      key,
      start: new Date(r.start).toISOString(),
      end: new Date(r.end).toISOString(),
    });
    return r;
  }

  private check(input: AppointmentInput): WriteRefusal | null {
    if (!this.store.get('provider', input.providerId)) return invalid('providerId', 'Unknown provider.');
    if (input.patientId !== null && !this.store.get('patient', input.patientId)) {
      return invalid('patientId', 'Unknown patient.');
    }
    if (input.classId !== null && !APPOINTMENT_CLASSES.some((c) => c.id === input.classId)) {
      return invalid('classId', 'Unknown appointment class.');
    }
    if (!Number.isFinite(input.start) || !Number.isFinite(input.end) || input.start >= input.end) {
      return invalid('end', 'The end must come after the start.');
    }
    return null;
  }
}

function invalid(field: string, text: string): WriteRefusal {
  return { refused: 'invalid', field, text };
}
