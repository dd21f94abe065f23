/**
 * The common model every EHR adapter maps to. Only ids, times and codes: a patient is named by
 * the EHR's id, never by name, so nothing here is patient data beyond what a sync must carry.
 */
export type EhrAppointmentStatus = 'booked' | 'arrived' | 'cancelled' | 'other';

export interface EhrAppointment {
  /** The appointment's id in the EHR. */
  externalId: string;
  /** FHIR `meta.versionId`, or the vendor's revision: changes whenever the EHR changes the record; null when the EHR reports none. */
  version: string | null;
  providerExternalId: string;
  /** The EHR's appointment type / class: the vendor's class id, FHIR's `system|code` token; null when none. */
  appointmentClass: string | null;
  start: Date;
  end: Date;
  status: EhrAppointmentStatus;
  /** Null for time without a patient (a break). */
  patientExternalId: string | null;
  /** When the EHR last changed it (FHIR `meta.lastUpdated`, vendor `modifiedAt`), when reported. */
  updatedAt: Date | null;
}

export interface EhrProvider {
  externalId: string;
  version: string | null;
  /** Display name of the practitioner (staff, not patient data). */
  displayName: string;
  active: boolean;
}

/** An appointment to insert into the EHR (the write-back). */
export interface NewEhrAppointment {
  providerExternalId: string;
  patientExternalId: string | null;
  /** Without one, some EHRs refuse the insert (`ehrsync.ehr_insert_refused`). */
  appointmentClass: string | null;
  start: Date;
  end: Date;
  /**
   * Names this insert for good: a retry with the same key finds the first insert instead of
   * making a second (FHIR conditional create on `identifier`, vendor `Idempotency-Key`).
   */
  idempotencyKey?: string;
}

export interface EhrReschedule {
  start: Date;
  end: Date;
  providerExternalId?: string;
}

/** One page of a listing and the position after it, to resume from (opaque to the caller). */
export interface EhrPage<T> {
  items: T[];
  /** Pass to `appointments({ since })` or `changes(since)` to continue after this page. */
  watermark: string | null;
}

/** A note to file in a patient's journal (the write-back of an e-consultation). Patient data: never logged. */
export interface NewEhrJournalNote {
  patientExternalId: string;
  /** The note's text, in clear only on its way to the EHR over TLS. */
  text: string;
  /** When the dialogue the note comes from happened. */
  writtenAt: Date;
  idempotencyKey?: string;
}

export interface EhrJournalNote {
  externalId: string;
}
