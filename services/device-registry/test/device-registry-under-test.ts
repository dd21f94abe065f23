import { randomBytes } from 'node:crypto';
import { freePort, newTopicSuffix, type ServiceUnderTest } from '@carebus/testing';
import { AppModule } from '../src/app.module';
import { ENTITIES } from '../src/persistence/entities';
import { MIGRATIONS } from '../src/persistence/migrations';
import { loadServiceConfig, SERVICE, type DeviceRegistryConfig } from '../src/service';

/**
 * Its own topics (not the ones `npm start` publishes to), its own seal key and a free port for the
 * agent protocol, so instances never share them.
 */
export async function isolatedDeviceRegistryEnv(): Promise<Record<string, string>> {
  const suffix = newTopicSuffix();
  return {
    DEVICE_REGISTRY_SEAL_KEY: randomBytes(32).toString('base64'),
    GRPC_PORT: String(await freePort()),
    DEVICE_REGISTRY_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
    DEVICE_REGISTRY_COMMAND_TOPIC: `test.${suffix}.devices.command.v1`,
  };
}

/** The device registry as `startTestService` and the conformance tests run it. */
export const DEVICE_REGISTRY_UNDER_TEST: ServiceUnderTest<DeviceRegistryConfig> = {
  ...SERVICE,
  loadConfig: loadServiceConfig,
  appModule: (config) => AppModule.forRoot(config),
  database: { entities: ENTITIES, migrations: MIGRATIONS },
  isolatedEnv: isolatedDeviceRegistryEnv,
};
