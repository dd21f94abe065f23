import { env, loadConfig } from '@carebus/config';
import { serviceEnvSchema } from '@carebus/platform';
import type { z } from 'zod';

/** The scheduling service: calendars, appointment types, work plans, slots and bookings. */
export const SERVICE = { name: 'scheduling', httpPort: 3001, schema: 'scheduling' } as const;

/** gRPC for partner systems listens on its own port. */
export const DEFAULT_GRPC_PORT = 4001;

export const configSchema = serviceEnvSchema(SERVICE).extend({
  GRPC_PORT: env.port(DEFAULT_GRPC_PORT),
  /** Consume ehrsync.appointment.v1 and reconcile EHR imports in this process. */
  EHR_IMPORT_ENABLED: env.flag(true),
});

export type SchedulingConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  return loadConfig(configSchema, env);
}
