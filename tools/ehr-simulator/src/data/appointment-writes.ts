import type { EhrStore } from './ehr-store';
import { APPOINTMENT_CLASSES, type AppointmentRecord } from './records';

export interface AppointmentInput {
  providerId: string;
  patientId: string | null;
  classId: string | null;
  start: number;
  end: number;
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
  constructor(private readonly store: EhrStore) {}

  create(input: AppointmentInput, requireClass: boolean): WriteResult {
    if (input.classId === null && requireClass) return { refused: 'class_required' };
    const invalid = this.check(input);
    if (invalid) return invalid;
    return this.store.create<AppointmentRecord>({ kind: 'appointment', ...input, status: 'booked' });
  }

  reschedule(
    id: string,
    change: { start?: number; end?: number; providerId?: string },
    expected?: (current: AppointmentRecord) => boolean,
  ): WriteResult {
    const current = this.store.appointment(id);
    if (!current) return { refused: 'not_found' };
    if (expected && !expected(current)) return { refused: 'conflict' };
    if (current.status === 'cancelled') return { refused: 'already_cancelled' };
    const next = { ...current, ...change };
    const invalid = this.check(next);
    return invalid ?? this.store.update(current, change);
  }

  cancel(id: string, expected?: (current: AppointmentRecord) => boolean): WriteResult {
    const current = this.store.appointment(id);
    if (!current) return { refused: 'not_found' };
    if (expected && !expected(current)) return { refused: 'conflict' };
    if (current.status === 'cancelled') return { refused: 'already_cancelled' };
    return this.store.update(current, { status: 'cancelled' });
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
