import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { NotificationsModule, type NotificationsOverrides } from './notifications.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type NotificationsConfig } from './service';

@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig, overrides: NotificationsOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          entities: ENTITIES,
          migrations: MIGRATIONS,
        }),
        NotificationsModule.forRoot(config, overrides),
      ],
    };
  }
}
