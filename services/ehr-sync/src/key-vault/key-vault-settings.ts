import { KeyRing, type RingVariables } from '@carebus/crypto';
import type { EhrSyncConfig } from '../service';

/** The parts of the config the vault reads (tests may tune them). */
export interface KeyVaultSettings {
  keks: KeyRing;
  alertTopic: string;
  sekCacheMs: number;
  rewrapBatch: number;
}

/** The key vault's KEK ring (docs/ehr-sync.md, "KEK rotation"). */
export const KEK_VARIABLES: RingVariables = { list: 'EHR_SYNC_KEKS', active: 'EHR_SYNC_KEK_ACTIVE' };

export const KEY_VAULT_SETTINGS = Symbol('KeyVaultSettings');

export function keyVaultSettingsOf(config: EhrSyncConfig): KeyVaultSettings {
  return {
    keks: KeyRing.parse(config.EHR_SYNC_KEKS, config.EHR_SYNC_KEK_ACTIVE, KEK_VARIABLES),
    alertTopic: config.EHR_SYNC_ALERT_TOPIC,
    sekCacheMs: config.EHR_SYNC_SEK_CACHE_MS,
    rewrapBatch: config.EHR_SYNC_REWRAP_BATCH,
  };
}
