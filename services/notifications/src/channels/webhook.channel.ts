import { createHmac } from 'node:crypto';
import { DELIVERY_CODES } from '../notifications.errors';
import type { ChannelName, ChannelProvider, OutgoingMessage, SendResult } from './channel';

export interface WebhookChannelOptions {
  channel: Exclude<ChannelName, 'email'>;
  url: string;
  secret: string;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
}

/**
 * A generic webhook SMS/push provider: JSON POST signed with HMAC-SHA256 over
 * `<timestamp>.<body>` (header `x-carebus-signature: t=<ts>,v1=<hex>`), an Idempotency-Key per
 * notification, a timeout per attempt and retries on 5xx/timeouts. 4xx is permanent.
 */
export class WebhookChannel implements ChannelProvider {
  readonly channel: Exclude<ChannelName, 'email'>;

  constructor(private readonly options: WebhookChannelOptions) {
    this.channel = options.channel;
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const body = JSON.stringify({
      channel: this.channel,
      to: message.to,
      text: message.text,
      title: message.subject,
      notificationId: message.notificationId,
    });
    let lastCode: string = DELIVERY_CODES.providerUnavailable;
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      if (attempt > 1)
        await new Promise((r) => setTimeout(r, this.options.retryDelayMs * 2 ** (attempt - 2)));
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const signature = createHmac('sha256', this.options.secret)
        .update(`${timestamp}.${body}`)
        .digest('hex');
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': message.notificationId,
            'x-carebus-signature': `t=${timestamp},v1=${signature}`,
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (res.ok) {
          const answer = (await res.json().catch(() => ({}))) as { id?: unknown };
          return {
            ok: true,
            providerMessageId: typeof answer.id === 'string' ? answer.id : message.messageId,
          };
        }
        await res.body?.cancel();
        if (res.status >= 400 && res.status < 500 && res.status !== 429) {
          return {
            ok: false,
            permanent: true,
            errorCode: DELIVERY_CODES.providerRejected,
            retries: attempt - 1,
          };
        }
        lastCode = DELIVERY_CODES.providerError;
      } catch {
        lastCode = DELIVERY_CODES.providerUnavailable;
      }
    }
    // Retries used up: the channel failed for this notification; the fallback channel takes over.
    return { ok: false, permanent: true, errorCode: lastCode, retries: this.options.attempts - 1 };
  }
}
