import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type Clock } from '@carebus/platform';
import { DEVICE_REGISTRY_CONSTRAINT_ERRORS } from './device-registry.errors';
import { DevicesModule } from './devices/devices.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type DeviceRegistryConfig } from './service';

/** What a test may bring: its clock. */
export interface AppOverrides {
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(config: DeviceRegistryConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          eventTopics: [config.DEVICE_REGISTRY_DEVICE_TOPIC, config.DEVICE_REGISTRY_COMMAND_TOPIC],
          constraintErrors: DEVICE_REGISTRY_CONSTRAINT_ERRORS,
          ...(overrides.clock ? { clock: overrides.clock } : {}),
        }),
        DevicesModule.forRoot(config),
      ],
    };
  }
}
