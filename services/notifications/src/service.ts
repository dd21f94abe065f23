import { loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The notifications service: channels, preferences, reminders and the delivery log. */
export const SERVICE = { name: 'notifications', httpPort: 3005, schema: 'notifications' } as const;

export const configSchema = serviceEnvSchema(SERVICE);

export type NotificationsConfig = ServiceConfig;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(configSchema, env);
}
