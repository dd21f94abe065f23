import { Inject, Injectable } from '@nestjs/common';
import { DeliveryMetrics } from '../delivery/delivery-metrics';
import { DELIVERY_CODES } from '../notifications.errors';
import {
  CHANNEL_PROVIDERS,
  CHANNEL_RATE_LIMITS,
  type ChannelName,
  type ChannelProvider,
  type ChannelRateLimits,
  type OutgoingMessage,
  type SendResult,
} from './channel';
import { RateLimiter } from './rate-limiter';

/** The configured providers behind one call: rate limit, provider lookup and call timing. */
@Injectable()
export class ChannelSender {
  private readonly limiters = new Map<ChannelName, RateLimiter>();

  constructor(
    @Inject(CHANNEL_PROVIDERS) private readonly providers: ChannelProvider[],
    @Inject(CHANNEL_RATE_LIMITS) rateLimits: ChannelRateLimits,
    private readonly metrics: DeliveryMetrics,
  ) {
    for (const [channel, rate] of Object.entries(rateLimits)) {
      this.limiters.set(channel as ChannelName, new RateLimiter(rate));
    }
  }

  /** Waits for the channel's rate limit (before the send transaction, so no row lock waits with it). */
  async acquire(channel: ChannelName): Promise<void> {
    await this.limiters.get(channel)?.acquire();
  }

  /** One provider call, timed; a channel without a provider fails for good. */
  async send(channel: ChannelName, message: OutgoingMessage): Promise<SendResult> {
    const provider = this.providers.find((p) => p.channel === channel);
    if (!provider) {
      return { ok: false, permanent: true, errorCode: DELIVERY_CODES.channelNotConfigured, retries: 0 };
    }
    const stop = this.metrics.providerDuration.startTimer({ channel });
    try {
      return await provider.send(message);
    } finally {
      stop();
    }
  }
}
