import { type DynamicModule, Module } from '@nestjs/common';
import { CHANNEL_PROVIDERS, CHANNEL_RATE_LIMITS, type ChannelProvider } from './channels/channel';
import { channelProviders, channelRateLimits } from './channels/channel-providers';
import { DEFAULT_NOTIFICATION_TOPICS, NOTIFICATION_TOPICS } from './delivery/notification-topics';
import { SEND_HOOKS, type SendHooks } from './delivery/send-hooks';
import type { NotificationsConfig } from './service';
import { SERVICE_SETTINGS, serviceSettingsOf } from './service-settings';

/** What tests may replace besides the clock (PlatformModule's): send hooks and channel providers. */
export interface NotificationsOverrides {
  hooks?: SendHooks;
  providers?: ChannelProvider[];
}

/** The service's settings, topics and channel providers, read from its config, for every feature. */
@Module({})
export class NotificationsConfigModule {
  static forRoot(config: NotificationsConfig, overrides: NotificationsOverrides = {}): DynamicModule {
    const providers = [
      { provide: SERVICE_SETTINGS, useValue: serviceSettingsOf(config) },
      { provide: SEND_HOOKS, useValue: overrides.hooks ?? {} },
      { provide: NOTIFICATION_TOPICS, useValue: DEFAULT_NOTIFICATION_TOPICS },
      { provide: CHANNEL_RATE_LIMITS, useValue: channelRateLimits(config) },
      { provide: CHANNEL_PROVIDERS, useFactory: () => overrides.providers ?? channelProviders(config) },
    ];
    return {
      module: NotificationsConfigModule,
      global: true,
      providers,
      exports: providers.map((p) => p.provide),
    };
  }
}
