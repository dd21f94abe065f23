import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { keyRingProblems } from '@carebus/crypto';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

/** The variables of the attachment KEK ring, named in configuration problems. */
export const KEK_VARIABLES = { list: 'MESSAGING_KEKS', active: 'MESSAGING_KEK_ACTIVE' } as const;

export const configSchema = serviceEnvSchema(SERVICE)
  .extend({
    /**
     * Key-encryption keys that wrap each clinic's attachment data key: `v1:<base64 of 32
     * bytes>,v2:<…>`, from a Secret. Required everywhere: no key is built into the code; a
     * development environment gets its own from tools/dev/local-env.sh.
     */
    MESSAGING_KEKS: z.string(),
    /** The version new data keys are wrapped with; may be left out when only one is listed. */
    MESSAGING_KEK_ACTIVE: z.string().min(1).optional(),
    /** How long a replica keeps a clinic's unwrapped attachment data key in memory (ms). */
    MESSAGING_KEY_CACHE_MS: env.positiveInt(300_000),
    /**
     * Uploads that stream into the database at once (each holds a pooled connection for its
     * transaction); more wait their turn. Keep it below DATABASE_POOL_SIZE.
     */
    MESSAGING_UPLOAD_SLOTS: env.positiveInt(4),
  })
  .superRefine((config, ctx) => {
    if (config.MESSAGING_UPLOAD_SLOTS >= config.DATABASE_POOL_SIZE) {
      ctx.addIssue({
        code: 'custom',
        path: ['MESSAGING_UPLOAD_SLOTS'],
        message: 'must be below DATABASE_POOL_SIZE, so uploads leave connections for everything else',
      });
    }
    for (const message of keyRingProblems(
      config.MESSAGING_KEKS,
      config.MESSAGING_KEK_ACTIVE,
      KEK_VARIABLES,
    )) {
      ctx.addIssue({ code: 'custom', path: ['MESSAGING_KEKS'], message });
    }
  });

export type MessagingConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js touches no key, so it needs no KEK (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
