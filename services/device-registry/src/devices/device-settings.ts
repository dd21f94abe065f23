import type { DeviceRegistryConfig } from '../service';

/** The injection token of the device registry's settings. */
export const DEVICE_SETTINGS = Symbol('DeviceSettings');

export interface DeviceSettings {
  deviceTopic: string;
  commandTopic: string;
  heartbeatIntervalMs: number;
  heartbeatFlushMs: number;
  missedHeartbeats: number;
  offlineAlertMs: number;
  sweepIntervalMs: number;
  commandDeadlineMs: number;
  commandRedeliveryMs: number;
  codeTtlMs: number;
  grpcPort: number;
  sealKey: string;
  databaseUrl: string;
}

export function deviceSettingsOf(config: DeviceRegistryConfig): DeviceSettings {
  return {
    deviceTopic: config.DEVICE_REGISTRY_DEVICE_TOPIC,
    commandTopic: config.DEVICE_REGISTRY_COMMAND_TOPIC,
    heartbeatIntervalMs: config.DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS,
    heartbeatFlushMs: config.DEVICE_REGISTRY_HEARTBEAT_FLUSH_MS,
    missedHeartbeats: config.DEVICE_REGISTRY_MISSED_HEARTBEATS,
    offlineAlertMs: config.DEVICE_REGISTRY_OFFLINE_ALERT_MS,
    sweepIntervalMs: config.DEVICE_REGISTRY_SWEEP_INTERVAL_MS,
    commandDeadlineMs: config.DEVICE_REGISTRY_COMMAND_DEADLINE_MS,
    commandRedeliveryMs: config.DEVICE_REGISTRY_COMMAND_REDELIVERY_MS,
    codeTtlMs: config.DEVICE_REGISTRY_CODE_TTL_MS,
    grpcPort: config.GRPC_PORT,
    sealKey: config.DEVICE_REGISTRY_SEAL_KEY,
    databaseUrl: config.DATABASE_URL,
  };
}
