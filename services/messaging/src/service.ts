import { loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

export const configSchema = serviceEnvSchema(SERVICE);

export type MessagingConfig = ServiceConfig;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(configSchema, env);
}
