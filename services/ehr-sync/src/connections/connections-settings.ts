import type { EhrSyncConfig } from '../service';

export const CONNECTIONS_SETTINGS = Symbol('CONNECTIONS_SETTINGS');

export interface ConnectionsSettings {
  /** Where CredentialsRejected and ConnectionDeauthorized are announced (ehrsync.alert.v1). */
  alertTopic: string;
  /** Production: EHR base URLs must be https. */
  production: boolean;
  /** Per EHR call. */
  ehrTimeoutMs: number;
}

export function connectionsSettingsOf(config: EhrSyncConfig): ConnectionsSettings {
  return {
    alertTopic: config.EHR_SYNC_ALERT_TOPIC,
    production: config.NODE_ENV === 'production',
    ehrTimeoutMs: config.EHR_SYNC_EHR_TIMEOUT_MS,
  };
}
