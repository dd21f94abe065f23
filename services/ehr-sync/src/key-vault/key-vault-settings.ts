import { KekRing } from './kek-ring';
import type { EhrSyncConfig } from '../service';

/** The parts of the config the vault reads (tests may tune them). */
export interface KeyVaultSettings {
  keks: KekRing;
  alertTopic: string;
  sekCacheMs: number;
  rewrapBatch: number;
}

export const KEY_VAULT_SETTINGS = Symbol('KeyVaultSettings');

export function keyVaultSettingsOf(config: EhrSyncConfig): KeyVaultSettings {
  return {
    keks: KekRing.parse(config.EHR_SYNC_KEKS, config.EHR_SYNC_KEK_ACTIVE),
    alertTopic: config.EHR_SYNC_ALERT_TOPIC,
    sekCacheMs: config.EHR_SYNC_SEK_CACHE_MS,
    rewrapBatch: config.EHR_SYNC_REWRAP_BATCH,
  };
}
