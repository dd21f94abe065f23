import { loadConfig } from '@carebus/config';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The device-registry service: clinic agents, enrolment, component status and device commands. */
export const SERVICE = { name: 'device-registry', httpPort: 3004, schema: 'device_registry' } as const;

export const configSchema = serviceEnvSchema(SERVICE);

export type DeviceRegistryConfig = ServiceConfig;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): DeviceRegistryConfig {
  return loadConfig(configSchema, env);
}
