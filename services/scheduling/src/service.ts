import { loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The scheduling service: calendars, appointment types, work plans, slots and bookings. */
export const SERVICE = { name: 'scheduling', httpPort: 3001, schema: 'scheduling' } as const;

export const configSchema = serviceEnvSchema(SERVICE);

export type SchedulingConfig = ServiceConfig;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  return loadConfig(configSchema, env);
}
