import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';

/** The device-registry service: clinic agents, enrolment, component status and device commands. */
export const SERVICE = { name: 'device-registry', httpPort: 3004, schema: 'device_registry' } as const;

/** Where agents dial in (gRPC, AgentService) by default. */
export const DEFAULT_AGENT_GRPC_PORT = 4004;

const sealKey = z
  .string()
  .refine((text) => Buffer.from(text, 'base64').length === 32, 'must be base64 of exactly 32 bytes');

export const configSchema = serviceEnvSchema(SERVICE).extend({
  /** Port of the agent protocol (gRPC `carebus.devices.v1.AgentService`; the chart's grpcPort). */
  GRPC_PORT: env.port(DEFAULT_AGENT_GRPC_PORT),
  /**
   * AES-256 key (base64 of 32 bytes, from a Secret) that seals command requests and results at
   * rest. Required everywhere: no key is built into the code; tools/dev/local-env.sh makes one.
   */
  DEVICE_REGISTRY_SEAL_KEY: sealKey,
  /** How often agents send heartbeats (ms); told to them on enrolment and with every heartbeat. */
  DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS: env.positiveInt(10_000),
  /** Heartbeats are coalesced in memory this long (ms) and written in one statement per clinic. */
  DEVICE_REGISTRY_HEARTBEAT_FLUSH_MS: env.positiveInt(100),
  /** Heartbeats a device may miss before it turns offline. */
  DEVICE_REGISTRY_MISSED_HEARTBEATS: env.positiveInt(3),
  /** A clinic device service offline for longer than this (ms) raises DeviceOfflineAlert. */
  DEVICE_REGISTRY_OFFLINE_ALERT_MS: env.positiveInt(300_000),
  /** How often the sweeper looks for missed heartbeats, due alerts and past deadlines (ms). */
  DEVICE_REGISTRY_SWEEP_INTERVAL_MS: env.positiveInt(1_000),
  /** A command's deadline when its sender names none (ms). */
  DEVICE_REGISTRY_COMMAND_DEADLINE_MS: env.positiveInt(120_000),
  /** A delivered command without a result is re-sent on the agent's stream after this (ms). */
  DEVICE_REGISTRY_COMMAND_REDELIVERY_MS: env.positiveInt(30_000),
  /** Enrolment code lifetime when the admin names none (ms); at most 24 h. */
  DEVICE_REGISTRY_CODE_TTL_MS: env.positiveInt(15 * 60_000),
  DEVICE_REGISTRY_DEVICE_TOPIC: z.string().min(1).default(TOPICS.devicesDevice),
  DEVICE_REGISTRY_COMMAND_TOPIC: z.string().min(1).default(TOPICS.devicesCommand),
});

export type DeviceRegistryConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): DeviceRegistryConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js seals nothing, so it needs no seal key. */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
