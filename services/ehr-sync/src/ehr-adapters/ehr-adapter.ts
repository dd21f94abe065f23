import type {
  EhrAppointment,
  EhrPage,
  EhrProvider,
  EhrJournalNote,
  EhrReschedule,
  NewEhrAppointment,
  NewEhrJournalNote,
} from './ehr-appointment';

/** The EHR API styles an adapter exists for. */
export type EhrSystem = 'fhir-r4' | 'vendor';

/** What a connection stores to sign in (kept in the vault by the connection, never logged). */
export type EhrCredentials =
  | {
      system: 'fhir-r4';
      clientId: string;
      clientSecret: string;
      /** default `<origin>/oauth2/token` */ tokenUrl?: string;
    }
  | { system: 'vendor'; username: string; activationCode: string };

export interface EhrSession {
  system: EhrSystem;
  /** When the EHR said the token or session ends, when it said so. */
  expiresAt: Date | null;
}

/** How an adapter reaches one EHR during one sync run. */
export interface EhrAdapterOptions {
  /** The EHR's API root, e.g. `https://ehr.example/fhir/r4` or `https://ehr.example/vendor/api/v2`. */
  baseUrl: string;
  /** The sync run's unique token, sent on every call as `X-Sync-Token`. */
  runToken: string;
  /** Per call; default 10 s. */
  timeoutMs?: number;
}

export interface AppointmentQuery {
  /** A watermark from an earlier page: only appointments changed after it. */
  since?: string | null;
  /** Only appointments starting at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  pageSize: number;
}

/**
 * One EHR, in Carebus's terms. Every call may throw an `EhrAdapterError`
 * (`ehr-adapter.errors.ts`); listings are async iterators over pages, fetched one at a time, so
 * memory does not grow with the size of the schedule.
 */
export interface EhrAdapter {
  readonly system: EhrSystem;
  /** Signs in; the session is kept for the calls that follow, until authenticate is called again. */
  authenticate(credentials: EhrCredentials): Promise<EhrSession>;
  listProviders(): Promise<EhrProvider[]>;
  appointments(query: AppointmentQuery): AsyncIterable<EhrPage<EhrAppointment>>;
  /** Every appointment changed after the watermark (all of them without one), cancellations included. */
  changes(since: string | null, pageSize?: number): AsyncIterable<EhrPage<EhrAppointment>>;
  /** With an `idempotencyKey`, a retried insert answers the first one's appointment. */
  createAppointment(appointment: NewEhrAppointment): Promise<EhrAppointment>;
  /**
   * `expectedVersion`: refuse (`ehrsync.ehr_write_conflict`) when the EHR's copy has changed.
   * `idempotencyKey`: a retry with the same key changes nothing more. Cancelling an appointment
   * the EHR already holds cancelled answers it as it is.
   */
  cancelAppointment(
    externalId: string,
    expectedVersion?: string,
    idempotencyKey?: string,
  ): Promise<EhrAppointment>;
  /** As cancel; moving an appointment to where it already is answers it as it is. */
  rescheduleAppointment(
    externalId: string,
    change: EhrReschedule,
    expectedVersion?: string,
    idempotencyKey?: string,
  ): Promise<EhrAppointment>;
  /** Files a note in the patient's journal; with an `idempotencyKey`, a retry files nothing more. */
  createJournalNote(note: NewEhrJournalNote): Promise<EhrJournalNote>;
}
