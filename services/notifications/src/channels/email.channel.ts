import nodemailer, { type Transporter } from 'nodemailer';
import { DELIVERY_CODES } from '../notifications.errors';
import type { ChannelProvider, OutgoingMessage, SendResult } from './channel';

export interface EmailChannelOptions {
  smtpUrl: string;
  defaultSender: string;
  verifyTls: boolean;
  /** smtp:// only with STARTTLS: a relay that does not offer it gets no message (nodemailer requireTLS). */
  requireTls?: boolean;
  maxConnections: number;
  /** Relay login; without it, credentials in the URL (if any) are used. */
  auth?: { user: string; pass: string };
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/**
 * E-mail over SMTP (nodemailer, pooled). Plain smtp:// upgrades with STARTTLS whenever the server
 * offers it, and with `requireTls` sends nothing to a server that does not. A 5xx reply is
 * permanent; connection errors (a missing STARTTLS among them) and 4xx replies are transient.
 */
export class EmailChannel implements ChannelProvider {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;

  constructor(private readonly options: EmailChannelOptions) {
    const url = new URL(options.smtpUrl);
    const auth =
      options.auth ??
      (url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined);
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: options.maxConnections,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
      secure: url.protocol === 'smtps:',
      requireTLS: options.requireTls ?? false,
      ...(auth ? { auth } : {}),
      tls: { rejectUnauthorized: options.verifyTls },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: message.from ?? this.options.defaultSender,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        messageId: message.messageId,
        headers: { 'X-Carebus-Notification-Id': message.notificationId },
      });
      return { ok: true, providerMessageId: info.messageId };
    } catch (error) {
      const e = error as SmtpError;
      // A relay that refuses STARTTLS (ETLS) is a relay to fix, not a recipient that cannot be reached.
      const permanent = e.code !== 'ETLS' && typeof e.responseCode === 'number' && e.responseCode >= 500;
      const errorCode = permanent
        ? DELIVERY_CODES.smtpRejected
        : e.responseCode
          ? DELIVERY_CODES.smtpDeferred
          : DELIVERY_CODES.smtpUnreachable;
      return { ok: false, permanent, errorCode, retries: 0 };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
