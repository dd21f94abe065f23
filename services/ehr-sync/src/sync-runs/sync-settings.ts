import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { EhrSyncConfig } from '../service';

export const SYNC_SETTINGS = Symbol('SYNC_SETTINGS');

export interface SyncSettings {
  runnerEnabled: boolean;
  pollMs: number;
  leaseMs: number;
  pageSize: number;
  appointmentIntervalMs: number;
  defaultTimeZone: string;
  /** This replica in leases and the ledger. */
  runnerId: string;
  alertTopic: string;
  ehrTimeoutMs: number;
}

export function syncSettingsOf(config: EhrSyncConfig): SyncSettings {
  return {
    runnerEnabled: config.EHR_SYNC_RUNNER_ENABLED,
    pollMs: config.EHR_SYNC_RUNNER_POLL_MS,
    leaseMs: config.EHR_SYNC_LEASE_MS,
    pageSize: config.EHR_SYNC_PAGE_SIZE,
    appointmentIntervalMs: config.EHR_SYNC_APPOINTMENT_INTERVAL_MS,
    defaultTimeZone: config.EHR_SYNC_DEFAULT_TIME_ZONE,
    runnerId: config.EHR_SYNC_RUNNER_ID ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    alertTopic: config.EHR_SYNC_ALERT_TOPIC,
    ehrTimeoutMs: config.EHR_SYNC_EHR_TIMEOUT_MS,
  };
}
