import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes in base64' });

export const configSchema = serviceEnvSchema(SERVICE).extend({
  /**
   * Seals patients' national identity numbers at rest and keys their lookup hashes (base64 of 32
   * bytes, from a Secret). Required: no key is built into the code; a development environment
   * gets its own from tools/dev/local-env.sh.
   */
  MESSAGING_NATIONAL_ID_KEY: base64Key,
  /** Where reachability changes are published (notifications reads them). */
  MESSAGING_REACHABILITY_TOPIC: z.string().min(1).default(TOPICS.messagingPatientReachability),
  /** notifications' portal messages, delivered to the national portal. */
  MESSAGING_PORTAL_MESSAGE_TOPIC: z.string().min(1).default(TOPICS.notificationsPortalMessage),
  MESSAGING_PORTAL_CONSUMER_GROUP: z.string().min(1).default('messaging-portal-messages'),
  /** The national portal's partner API; without it, outgoing deliveries wait in the queue. */
  MESSAGING_PORTAL_URL: env.optionalUrl(),
  /** This clinic platform's client credentials at the portal (OAuth2 client credentials). */
  MESSAGING_PORTAL_CLIENT_ID: z.string().min(1).default('carebus'),
  MESSAGING_PORTAL_CLIENT_SECRET: z.string().optional(),
  MESSAGING_PORTAL_TIMEOUT_MS: env.positiveInt(10_000),
  MESSAGING_PORTAL_BATCH: env.positiveInt(50),
  MESSAGING_PORTAL_CONCURRENCY: env.positiveInt(8),
  MESSAGING_PORTAL_LEASE_MS: env.positiveInt(30_000),
  MESSAGING_PORTAL_POLL_MS: env.positiveInt(500),
  /** Exponential backoff between attempts (with full jitter), from the base up to the cap. */
  MESSAGING_PORTAL_BACKOFF_BASE_MS: env.positiveInt(1_000),
  MESSAGING_PORTAL_BACKOFF_MAX_MS: env.positiveInt(60_000),
  MESSAGING_PORTAL_WORKER_ID: z.string().min(1).default(`messaging-${process.pid}`),
});

export type MessagingConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js touches no national id, so it needs no key (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
