import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { EhrSyncConfig } from '../service';
import type { BackoffPolicy } from './write-backoff';

export const WRITE_BACK_SETTINGS = Symbol('WRITE_BACK_SETTINGS');

export interface WriteBackSettings {
  alertTopic: string;
  /** Where JournalEntryFiled/Failed are answered (ehrsync.journal_entry.v1). */
  journalAnswerTopic: string;
  drain: boolean;
  maxAgeMs: number;
  backoff: BackoffPolicy;
  leaseMs: number;
  batch: number;
  concurrency: number;
  pollMs: number;
  /** Names this replica's leases. */
  workerId: string;
}

export function writeBackSettingsOf(config: EhrSyncConfig): WriteBackSettings {
  return {
    alertTopic: config.EHR_SYNC_ALERT_TOPIC,
    journalAnswerTopic: config.EHR_SYNC_JOURNAL_ANSWER_TOPIC,
    drain: config.EHR_SYNC_WRITE_BACK_DRAIN,
    maxAgeMs: config.EHR_SYNC_WRITE_MAX_AGE_MS,
    backoff: { baseMs: config.EHR_SYNC_WRITE_BACKOFF_BASE_MS, capMs: config.EHR_SYNC_WRITE_BACKOFF_CAP_MS },
    leaseMs: config.EHR_SYNC_WRITE_LEASE_MS,
    batch: config.EHR_SYNC_WRITE_BATCH,
    concurrency: config.EHR_SYNC_WRITE_CONCURRENCY,
    pollMs: config.EHR_SYNC_WRITE_POLL_MS,
    workerId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
  };
}
