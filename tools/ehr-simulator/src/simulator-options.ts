/** How a simulator starts: its data, its credentials and what it records. */
export interface EhrSimulatorOptions {
  port?: number;
  host?: string;
  /** Same seed → same data. */
  seed?: string | number;
  practitioners?: number;
  patients?: number;
  appointments?: number;
  scheduleStart?: string;
  scheduleDays?: number;
  /** Protects /_admin; random when not given. */
  adminToken?: string;
  fhirClient?: { clientId: string; clientSecret: string };
  vendorUser?: { username: string; activationCode: string };
  /** Lifetime of FHIR access tokens and vendor sessions. */
  tokenTtlSeconds?: number;
  /** Headers the request log keeps (lower case). */
  recordHeaders?: string[];
}

export const DEFAULT_FHIR_CLIENT = { clientId: 'carebus-sim', clientSecret: 'sim-secret' };
export const DEFAULT_VENDOR_USER = { username: 'carebus-sync', activationCode: 'ACT-4711-SIM' };
export const DEFAULT_RECORD_HEADERS = ['x-sync-token', 'x-request-id'];
