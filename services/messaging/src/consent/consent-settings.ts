import type { KeyRing } from '@carebus/crypto';
import type { MessagingConfig } from '../service';
import { nationalIdKeyRing, usesDeprecatedNationalIdKey } from './national-id-keys';

export const CONSENT_SETTINGS = Symbol('ConsentSettings');

/** What the consent and reachability feature reads from the service's config. */
export interface ConsentSettings {
  /** Seals national ids at rest and keys their lookup hashes, one derived pair per version. */
  nationalIdKeys: KeyRing;
  /** The ring came from the deprecated single MESSAGING_NATIONAL_ID_KEY (warned at start). */
  nationalIdKeyDeprecated: boolean;
  reachabilityTopic: string;
}

export function consentSettingsOf(config: MessagingConfig): ConsentSettings {
  return {
    nationalIdKeys: nationalIdKeyRing(config),
    nationalIdKeyDeprecated: usesDeprecatedNationalIdKey(config),
    reachabilityTopic: config.MESSAGING_REACHABILITY_TOPIC,
  };
}
