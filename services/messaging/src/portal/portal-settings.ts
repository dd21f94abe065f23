import type { MessagingConfig } from '../service';

export const PORTAL_SETTINGS = Symbol('PortalSettings');

/** The outgoing queue to the national portal, as the service's config sets it. */
export interface PortalSettings {
  /** Unset: nothing is sent; messages wait in the queue. */
  url: string | undefined;
  clientId: string;
  clientSecret: string | undefined;
  timeoutMs: number;
  batch: number;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  workerId: string;
  messageTopic: string;
  consumerGroup: string;
}

export function portalSettingsOf(config: MessagingConfig): PortalSettings {
  return {
    url: config.MESSAGING_PORTAL_URL,
    clientId: config.MESSAGING_PORTAL_CLIENT_ID,
    clientSecret: config.MESSAGING_PORTAL_CLIENT_SECRET,
    timeoutMs: config.MESSAGING_PORTAL_TIMEOUT_MS,
    batch: config.MESSAGING_PORTAL_BATCH,
    concurrency: config.MESSAGING_PORTAL_CONCURRENCY,
    leaseMs: config.MESSAGING_PORTAL_LEASE_MS,
    pollMs: config.MESSAGING_PORTAL_POLL_MS,
    backoffBaseMs: config.MESSAGING_PORTAL_BACKOFF_BASE_MS,
    backoffMaxMs: config.MESSAGING_PORTAL_BACKOFF_MAX_MS,
    workerId: config.MESSAGING_PORTAL_WORKER_ID,
    messageTopic: config.MESSAGING_PORTAL_MESSAGE_TOPIC,
    consumerGroup: config.MESSAGING_PORTAL_CONSUMER_GROUP,
  };
}
