import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDERS, type ChannelProvider } from './channels/channel';
import { EmailChannel } from './channels/email.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { CLOCK, systemClock, type Clock } from './clock';
import { DeliveryMetrics } from './delivery/delivery-metrics';
import { Dispatcher } from './delivery/dispatcher';
import { MessageComposer } from './delivery/message-composer';
import { NotificationEvents } from './delivery/notification-events';
import { DEFAULT_NOTIFICATION_TOPICS, NOTIFICATION_TOPICS } from './delivery/notification-topics';
import { NotificationsRepository } from './delivery/notifications.repository';
import { SEND_HOOKS, SendNotificationUseCase, type SendHooks } from './delivery/send-notification.use-case';
import { AlertEventsHandler } from './events/alert-events.handler';
import { AppointmentEventsHandler } from './events/appointment-events.handler';
import { CONSUMER_SETTINGS, NotificationConsumers } from './events/notification-consumers';
import { PlanPatientNotificationsUseCase } from './events/plan-patient-notifications.use-case';
import { PlanStaffAlertUseCase } from './events/plan-staff-alert.use-case';
import { ContactsController } from './http/contacts.controller';
import { NotificationsController } from './http/notifications.controller';
import { SettingsController } from './http/settings.controller';
import { TemplatesController } from './http/templates.controller';
import type { NotificationsConfig } from './service';
import { SERVICE_SETTINGS, type ServiceSettings } from './service-settings';
import { ClinicSettingsRepository, StaffDirectoryRepository } from './settings/clinic-settings.repository';
import { EnablementRepository } from './settings/enablement.repository';
import { PatientContactsRepository } from './settings/patient-contacts.repository';
import { TemplatesRepository } from './templates/templates.repository';

/** What tests (and the benchmark) may replace: the clock, send hooks, channel providers. */
export interface NotificationsOverrides {
  clock?: Clock;
  hooks?: SendHooks;
  providers?: ChannelProvider[];
}

export function channelProviders(config: NotificationsConfig): ChannelProvider[] {
  const webhook = {
    secret: config.WEBHOOK_SECRET,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    attempts: config.WEBHOOK_ATTEMPTS,
    retryDelayMs: config.WEBHOOK_RETRY_DELAY_MS,
  };
  return [
    new EmailChannel({
      smtpUrl: config.SMTP_URL,
      defaultSender: config.NOTIFICATIONS_DEFAULT_SENDER,
      verifyTls: config.SMTP_TLS_VERIFY,
      maxConnections: config.SMTP_MAX_CONNECTIONS,
      ...(config.SMTP_USERNAME && config.SMTP_PASSWORD
        ? { auth: { user: config.SMTP_USERNAME, pass: config.SMTP_PASSWORD } }
        : {}),
    }),
    ...(config.SMS_WEBHOOK_URL
      ? [new WebhookChannel({ ...webhook, channel: 'sms', url: config.SMS_WEBHOOK_URL })]
      : []),
    ...(config.PUSH_WEBHOOK_URL
      ? [new WebhookChannel({ ...webhook, channel: 'push', url: config.PUSH_WEBHOOK_URL })]
      : []),
  ];
}

/** Channels, preferences, templates, reminders (durable jobs) and the delivery log. */
@Module({})
export class NotificationsModule {
  static forRoot(config: NotificationsConfig, overrides: NotificationsOverrides = {}): DynamicModule {
    const settings: ServiceSettings = {
      defaultSender: config.NOTIFICATIONS_DEFAULT_SENDER,
      videoLinkBaseUrl: config.VIDEO_LINK_BASE_URL,
      workerId: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      dispatch: {
        enabled: config.DISPATCH_ENABLED,
        pollMs: config.DISPATCH_POLL_MS,
        concurrency: config.DISPATCH_CONCURRENCY,
        batch: config.DISPATCH_BATCH,
        leaseMs: config.DISPATCH_LEASE_MS,
      },
      retryBaseMs: config.RETRY_BASE_MS,
      retryMaxMs: config.RETRY_MAX_MS,
      maxDeliveryAgeMs: config.MAX_DELIVERY_AGE_MS,
    };
    return {
      module: NotificationsModule,
      controllers: [SettingsController, ContactsController, TemplatesController, NotificationsController],
      providers: [
        { provide: SERVICE_SETTINGS, useValue: settings },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: SEND_HOOKS, useValue: overrides.hooks ?? {} },
        { provide: NOTIFICATION_TOPICS, useValue: DEFAULT_NOTIFICATION_TOPICS },
        {
          provide: 'NOTIFICATIONS_RATE_LIMITS',
          useValue: {
            email: config.EMAIL_RATE_PER_SEC,
            sms: config.SMS_RATE_PER_SEC,
            push: config.PUSH_RATE_PER_SEC,
          },
        },
        {
          provide: CHANNEL_PROVIDERS,
          useFactory: () => overrides.providers ?? channelProviders(config),
        },
        {
          provide: CONSUMER_SETTINGS,
          useValue: {
            group: config.NOTIFICATIONS_CONSUMER_GROUP,
            appointmentTopic: config.NOTIFICATIONS_APPOINTMENT_TOPIC,
            alertTopic: config.NOTIFICATIONS_ALERT_TOPIC,
            inboxSchema: config.DATABASE_SCHEMA,
          },
        },
        ClinicSettingsRepository,
        StaffDirectoryRepository,
        EnablementRepository,
        PatientContactsRepository,
        TemplatesRepository,
        NotificationsRepository,
        DeliveryMetrics,
        MessageComposer,
        NotificationEvents,
        SendNotificationUseCase,
        Dispatcher,
        PlanPatientNotificationsUseCase,
        PlanStaffAlertUseCase,
        AppointmentEventsHandler,
        AlertEventsHandler,
        NotificationConsumers,
      ],
      exports: [Dispatcher, SendNotificationUseCase],
    };
  }
}
