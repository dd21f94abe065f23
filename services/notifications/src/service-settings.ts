/** The parts of the config the use cases read (so tests and the benchmark can tune them). */
export interface ServiceSettings {
  defaultSender: string;
  videoLinkBaseUrl: string;
  workerId: string;
  dispatch: {
    enabled: boolean;
    pollMs: number;
    concurrency: number;
    batch: number;
    leaseMs: number;
  };
  retryBaseMs: number;
  retryMaxMs: number;
  maxDeliveryAgeMs: number;
}

export const SERVICE_SETTINGS = 'NOTIFICATIONS_SERVICE_SETTINGS';
