import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { RetryPolicy } from './delivery/send-transition';
import type { NotificationsConfig } from './service';

/** The parts of the config the use cases read (so tests and the benchmark can tune them). */
export interface ServiceSettings {
  defaultSender: string;
  videoLinkBaseUrl: string;
  /** This replica's name on the leases it takes. */
  workerId: string;
  dispatch: {
    enabled: boolean;
    pollMs: number;
    concurrency: number;
    batch: number;
    leaseMs: number;
  };
  retry: RetryPolicy;
}

export const SERVICE_SETTINGS = 'NOTIFICATIONS_SERVICE_SETTINGS';

export function serviceSettingsOf(config: NotificationsConfig): ServiceSettings {
  return {
    defaultSender: config.NOTIFICATIONS_DEFAULT_SENDER,
    videoLinkBaseUrl: config.VIDEO_LINK_BASE_URL,
    workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    dispatch: {
      enabled: config.DISPATCH_ENABLED,
      pollMs: config.DISPATCH_POLL_MS,
      concurrency: config.DISPATCH_CONCURRENCY,
      batch: config.DISPATCH_BATCH,
      leaseMs: config.DISPATCH_LEASE_MS,
    },
    retry: {
      retryBaseMs: config.RETRY_BASE_MS,
      retryMaxMs: config.RETRY_MAX_MS,
      maxDeliveryAgeMs: config.MAX_DELIVERY_AGE_MS,
    },
  };
}
