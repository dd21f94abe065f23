/** Channels a notification can go through; `portal` is delivered by emitting an event. */
export const CHANNELS = ['email', 'sms', 'push'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const DELIVERY_CHANNELS = [...CHANNELS, 'portal'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** A rendered message for one recipient. Holds patient data: never log it. */
export interface OutgoingMessage {
  notificationId: string;
  /** Deterministic per notification, so a resend after a crash carries the same id. */
  messageId: string;
  to: string;
  from?: string;
  subject: string;
  text: string;
  html?: string;
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  /** permanent: retrying this channel cannot help (rejected address, provider 4xx, retries used up). */
  | { ok: false; permanent: boolean; errorCode: string; retries: number };

/** One port per channel; real providers implement it. */
export interface ChannelProvider {
  readonly channel: ChannelName;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

export const CHANNEL_PROVIDERS = 'NOTIFICATIONS_CHANNEL_PROVIDERS';

/** Messages per second per provider (token bucket, per replica). */
export type ChannelRateLimits = Record<ChannelName, number>;
export const CHANNEL_RATE_LIMITS = 'NOTIFICATIONS_CHANNEL_RATE_LIMITS';
