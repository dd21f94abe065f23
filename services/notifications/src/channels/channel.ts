/** Channels a notification can go through; `portal` is delivered by emitting an event. */
export type ChannelName = 'email' | 'sms' | 'push';
export type DeliveryChannel = ChannelName | 'portal';
export const CHANNELS: readonly ChannelName[] = ['email', 'sms', 'push'];

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
