import { Module } from '@nestjs/common';
import { ChannelSender } from '../channels/channel-sender';
import { ContactsModule } from '../contacts/contacts.module';
import { SettingsModule } from '../settings/settings.module';
import { TemplatesModule } from '../templates/templates.module';
import { AttemptRecorder } from './attempt-recorder';
import { DeliveryLogRepository } from './delivery-log.repository';
import { DeliveryMetrics } from './delivery-metrics';
import { Dispatcher } from './dispatcher';
import { MessageComposer } from './message-composer';
import { NotificationEvents } from './notification-events';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { ResendNotificationUseCase } from './resend-notification.use-case';
import { SendNotificationUseCase } from './send-notification.use-case';

/** Notification jobs: the dispatcher and the send, the delivery log and its REST API. */
@Module({
  imports: [SettingsModule, ContactsModule, TemplatesModule],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    DeliveryLogRepository,
    NotificationEvents,
    AttemptRecorder,
    MessageComposer,
    ChannelSender,
    DeliveryMetrics,
    SendNotificationUseCase,
    Dispatcher,
    NotificationsService,
    ResendNotificationUseCase,
  ],
  exports: [NotificationsRepository, DeliveryLogRepository, NotificationEvents, Dispatcher],
})
export class DeliveryModule {}
