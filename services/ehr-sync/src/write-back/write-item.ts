/** What a queued write does in the EHR. */
export const WRITE_KINDS = ['create', 'reschedule', 'cancel', 'note'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export const WRITE_STATUSES = ['pending', 'done', 'parked'] as const;
export type WriteStatus = (typeof WRITE_STATUSES)[number];

/** The subject whose writes go to the EHR in order. */
export type WriteSubject = 'appointment' | 'journal_entry';

/**
 * An appointment as the platform holds it after a change: Carebus ids, times and the type; the
 * EHR's ids are resolved when the write is made (the mapping may come after the booking).
 */
export interface AppointmentWritePayload {
  calendarId: string;
  practitionerId: string | null;
  patientId: string | null;
  appointmentTypeId: string | null;
  start: string;
  end: string;
}

/**
 * A journal note to file, kept as messaging sealed it (key purpose journal-note, base64 fields of
 * `SealedValue`): opened only for the EHR call.
 */
export interface NoteWritePayload {
  patientId: string;
  sealedNote: { keyVersion: string; nonce: string; ciphertext: string };
  requestedAt: string;
}

export type WritePayload = AppointmentWritePayload | NoteWritePayload;

/** One row of the durable write queue (ehr_sync.write_queue). */
export interface WriteItem {
  id: string;
  seq: string;
  clinicId: string;
  connectionId: string;
  subjectType: WriteSubject;
  subjectId: string;
  kind: WriteKind;
  payload: WritePayload;
  sourceEventId: string;
  status: WriteStatus;
  attempts: number;
  nextAttemptAt: Date;
  enqueuedAt: Date;
  /** Where the age that parks a write is counted from: enqueued, or retried by an operator. */
  ageFrom: Date;
  lastErrorCode: string | null;
  externalId: string | null;
  finishedAt: Date | null;
}

/** A new write, as the consumers enqueue it. */
export type NewWrite = Pick<
  WriteItem,
  'id' | 'connectionId' | 'subjectType' | 'subjectId' | 'kind' | 'payload' | 'sourceEventId'
>;

export const isNotePayload = (p: WritePayload): p is NoteWritePayload => 'sealedNote' in p;
