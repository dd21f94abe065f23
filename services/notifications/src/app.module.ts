import { type DynamicModule, Module } from '@nestjs/common';
import { PlatformModule, type Clock } from '@carebus/platform';
import { AlertsModule } from './alerts/alerts.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { ContactsModule } from './contacts/contacts.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DialoguesModule } from './dialogues/dialogues.module';
import { DEFAULT_NOTIFICATION_TOPICS } from './delivery/notification-topics';
import { NotificationsConfigModule, type NotificationsOverrides } from './notifications-config.module';
import { NOTIFICATIONS_CONSTRAINT_ERRORS } from './notifications.errors';
import { ReachabilityModule } from './reachability/reachability.module';
import { ENTITIES } from './persistence/entities';
import { MIGRATIONS } from './persistence/migrations';
import { SERVICE, type NotificationsConfig } from './service';
import { SettingsModule } from './settings/settings.module';
import { TemplatesModule } from './templates/templates.module';

/** What a test (or the benchmark) may bring: its clock, send hooks, channel providers. */
export interface AppOverrides extends NotificationsOverrides {
  clock?: Clock;
}

/**
 * Channels, preferences, templates, reminders (durable jobs) and the delivery log. Features are
 * imported here, in the order their routes appear in openapi.json (Nest registers modules level
 * by level, so a feature imported one level deeper would list after the platform's routes).
 */
@Module({})
export class AppModule {
  static forRoot(config: NotificationsConfig, overrides: AppOverrides = {}): DynamicModule {
    const { clock, ...notifications } = overrides;
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          serviceName: SERVICE.name,
          schema: SERVICE.schema,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          eventTopics: [
            config.NOTIFICATIONS_APPOINTMENT_TOPIC,
            config.NOTIFICATIONS_ALERT_TOPIC,
            config.NOTIFICATIONS_CLINIC_TOPIC,
            config.NOTIFICATIONS_REACHABILITY_TOPIC,
            config.NOTIFICATIONS_DIALOGUE_TOPIC,
            config.NOTIFICATIONS_DEVICE_TOPIC,
            ...Object.values(DEFAULT_NOTIFICATION_TOPICS),
          ],
          constraintErrors: NOTIFICATIONS_CONSTRAINT_ERRORS,
          ...(clock ? { clock } : {}),
        }),
        NotificationsConfigModule.forRoot(config, notifications),
        SettingsModule,
        ContactsModule,
        TemplatesModule,
        DeliveryModule,
        AppointmentsModule,
        AlertsModule,
        ReachabilityModule,
        DialoguesModule,
      ],
    };
  }
}
