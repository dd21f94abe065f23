import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule } from '@carebus/platform';
import { DEFAULT_NOTIFICATION_TOPICS } from './delivery/notification-topics';
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
          eventTopics: [
            config.NOTIFICATIONS_APPOINTMENT_TOPIC,
            config.NOTIFICATIONS_ALERT_TOPIC,
            ...Object.values(DEFAULT_NOTIFICATION_TOPICS),
          ],
        }),
        NotificationsModule.forRoot(config, overrides),
      ],
    };
  }
}
