import { smtpRequiresTls, type NotificationsConfig } from '../service';
import type { ChannelProvider, ChannelRateLimits } from './channel';
import { EmailChannel } from './email.channel';
import { WebhookChannel } from './webhook.channel';

/** The providers the configuration names: e-mail always, SMS and push when their webhook is set. */
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
      requireTls: smtpRequiresTls(config),
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

export function channelRateLimits(config: NotificationsConfig): ChannelRateLimits {
  return { email: config.EMAIL_RATE_PER_SEC, sms: config.SMS_RATE_PER_SEC, push: config.PUSH_RATE_PER_SEC };
}
