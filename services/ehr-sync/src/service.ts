import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { keyRingProblems } from '@carebus/crypto';
import { KEK_VARIABLES } from './key-vault/key-vault-settings';

/** The ehr-sync service: EHR connections, sync runs, the key vault and the EHR retry queue. */
export const SERVICE = { name: 'ehr-sync', httpPort: 3003, schema: 'ehr_sync' } as const;

export const configSchema = serviceEnvSchema(SERVICE)
  .extend({
    /**
     * Key-encryption keys that wrap each clinic's shared encryption key: `v1:<base64 of 32
     * bytes>,v2:<…>`, from a Secret. Required everywhere: no key is built into the code; a
     * development environment gets its own from tools/dev/local-env.sh.
     */
    EHR_SYNC_KEKS: z.string(),
    /** The version new and rewrapped keys are wrapped with; may be left out when only one is listed. */
    EHR_SYNC_KEK_ACTIVE: z.string().min(1).optional(),
    /** How long a replica keeps a clinic's unwrapped key in memory for the engine (ms). */
    EHR_SYNC_SEK_CACHE_MS: env.positiveInt(300_000),
    /** Keys per batch of a KEK rewrap (each key in its own short transaction). */
    EHR_SYNC_REWRAP_BATCH: env.positiveInt(100),
    /** Where key-vault accesses (and, later, sync errors) are announced for notifications' alerts. */
    EHR_SYNC_ALERT_TOPIC: z.string().min(1).default(TOPICS.ehrSyncAlert),
    /** Per call to a clinic's EHR (connection checks, sign-ins), in ms. */
    EHR_SYNC_EHR_TIMEOUT_MS: env.positiveInt(10_000),
  })
  .superRefine((config, ctx) => {
    for (const message of keyRingProblems(config.EHR_SYNC_KEKS, config.EHR_SYNC_KEK_ACTIVE, KEK_VARIABLES)) {
      ctx.addIssue({ code: 'custom', path: ['EHR_SYNC_KEKS'], message });
    }
  });

export type EhrSyncConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): EhrSyncConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js touches no key, so it needs no KEK (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
