import type { MessagingConfig } from '../service';

export const CONSENT_SETTINGS = Symbol('ConsentSettings');

/** What the consent and reachability feature reads from the service's config. */
export interface ConsentSettings {
  nationalIdKey: string;
  reachabilityTopic: string;
}

export function consentSettingsOf(config: MessagingConfig): ConsentSettings {
  return {
    nationalIdKey: config.MESSAGING_NATIONAL_ID_KEY,
    reachabilityTopic: config.MESSAGING_REACHABILITY_TOPIC,
  };
}
