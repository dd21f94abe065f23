import { loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The ehr-sync service: EHR connections, sync runs, the key vault and the EHR retry queue. */
export const SERVICE = { name: 'ehr-sync', httpPort: 3003, schema: 'ehr_sync' } as const;

export const configSchema = serviceEnvSchema(SERVICE);

export type EhrSyncConfig = ServiceConfig;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): EhrSyncConfig {
  return loadConfig(configSchema, env);
}
