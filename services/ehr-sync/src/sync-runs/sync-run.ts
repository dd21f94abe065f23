/** What started a run: the daily full sync, the 30-minute appointment sync, or an admin's request. */
export const SYNC_RUN_KINDS = ['full', 'appointments', 'on_demand'] as const;
export type SyncRunKind = (typeof SYNC_RUN_KINDS)[number];

/** `abandoned`: its runner stopped (lease expired); the run that took it over names it. */
export const SYNC_RUN_STATES = [
  'queued',
  'running',
  'succeeded',
  'partially_succeeded',
  'failed',
  'abandoned',
] as const;
export type SyncRunState = (typeof SYNC_RUN_STATES)[number];

/** What a run did with the appointments it read. */
export interface SyncCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Appointments of providers the connection does not sync. */
  skipped: number;
}

export const NO_COUNTS: SyncCounts = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };

/** One row of the run ledger (`ehr_sync.sync_runs`). */
export interface SyncRun extends SyncCounts {
  id: string;
  clinicId: string;
  connectionId: string;
  /** Sent on every call to the EHR during the run (`X-Sync-Token`). */
  token: string;
  kind: SyncRunKind;
  state: SyncRunState;
  requestedBy: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** The replica that ran it. */
  runner: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  takenOverFrom: string | null;
}
