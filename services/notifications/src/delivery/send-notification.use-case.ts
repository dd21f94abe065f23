import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { inTenantTransaction } from '@carebus/platform';
import {
  CHANNEL_PROVIDERS,
  type ChannelName,
  type ChannelProvider,
  type DeliveryChannel,
  type SendResult,
} from '../channels/channel';
import { RateLimiter } from '../channels/rate-limiter';
import { CLOCK, type Clock } from '../clock';
import { SERVICE_SETTINGS, type ServiceSettings } from '../service-settings';
import { DeliveryMetrics } from './delivery-metrics';
import { MessageComposer, type ComposedMessage } from './message-composer';
import { currentChannel, messageIdOf, type NotificationJob } from './notification-job';
import { NotificationEvents } from './notification-events';
import { NotificationsRepository } from './notifications.repository';
import { releaseAfterQuietHours } from './quiet-hours';

/** Test seams around the send; production leaves them empty. */
export interface SendHooks {
  /** Runs after the in-doubt marker committed, before the send transaction locks the job again. */
  afterPrepare?: (notificationId: string) => Promise<void>;
  /** Runs while the sender holds the job's row lock, just before the provider call. */
  beforeSend?: (notificationId: string) => Promise<void>;
}
export const SEND_HOOKS = 'NOTIFICATIONS_SEND_HOOKS';

export type SendOutcome = 'sent' | 'skipped' | 'delayed' | 'retry' | 'fallback' | 'failed' | 'suppressed';

/** The first transaction's result: settled there (with the channel it concerned), or a message to send. */
type Prepared =
  | { channel: DeliveryChannel | null; outcome: SendOutcome }
  | { channel: ChannelName; message: ComposedMessage };

/**
 * Sends one claimed notification on its current channel. First transaction: lock, re-check,
 * render, and commit an in-doubt marker. Second: lock again (a cancellation waits for this lock
 * or has already suppressed the job), call the provider, and commit the outcome right after its
 * answer, so the window in which a crash leaves a delivered message unrecorded is one SMTP reply.
 */
@Injectable()
export class SendNotificationUseCase {
  private readonly logger = new Logger('SendNotification');
  private readonly limiters = new Map<ChannelName, RateLimiter>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly composer: MessageComposer,
    private readonly events: NotificationEvents,
    @Inject(CHANNEL_PROVIDERS) private readonly providers: ChannelProvider[],
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
    @Inject(SEND_HOOKS) private readonly hooks: SendHooks,
    @Inject('NOTIFICATIONS_RATE_LIMITS') rateLimits: Record<ChannelName, number>,
    private readonly metrics: DeliveryMetrics,
  ) {
    for (const [channel, rate] of Object.entries(rateLimits)) {
      this.limiters.set(channel as ChannelName, new RateLimiter(rate));
    }
  }

  async execute(clinicId: string, id: string, inDoubt: boolean): Promise<SendOutcome> {
    const prepared = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.prepare(m, clinicId, id, inDoubt),
    );
    if (!prepared) return 'skipped';
    // Counted once committed, so a rolled-back attempt is never counted.
    if (inDoubt) this.metrics.outcome(prepared.channel, 'in_doubt');
    if ('outcome' in prepared) return this.counted(prepared.channel, prepared.outcome);
    const { message, channel } = prepared;
    await this.hooks.afterPrepare?.(id);
    const provider = this.providers.find((p) => p.channel === channel);
    await this.limiters.get(channel)?.acquire();
    const outcome = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      const job = await this.notifications.lock(m, clinicId, id);
      // Suppressed (cancelled) while we rendered: nothing goes out.
      if (!job || job.status !== 'pending' || job.leaseOwner !== this.settings.workerId) {
        if (job?.status === 'suppressed') await this.notifications.update(m, id, { inDoubtSince: null });
        return 'skipped';
      }
      await this.hooks.beforeSend?.(id);
      const result: SendResult = provider
        ? await this.timed(channel, () =>
            provider.send({
              notificationId: id,
              messageId: messageIdOf(id),
              to: message.to,
              from: message.from,
              subject: message.subject,
              text: message.text,
              ...(channel === 'email' ? { html: message.html } : {}),
            }),
          )
        : { ok: false, permanent: true, errorCode: 'notifications.channel_not_configured', retries: 0 };
      return this.record(m, job, channel, result);
    });
    return this.counted(channel, outcome);
  }

  private counted(channel: DeliveryChannel | null, outcome: SendOutcome): SendOutcome {
    if (outcome !== 'skipped') this.metrics.outcome(channel, outcome);
    return outcome;
  }

  private async timed(channel: ChannelName, call: () => Promise<SendResult>): Promise<SendResult> {
    const stop = this.metrics.providerDuration.startTimer({ channel });
    try {
      return await call();
    } finally {
      stop();
    }
  }

  private async prepare(
    m: EntityManager,
    clinicId: string,
    id: string,
    inDoubt: boolean,
  ): Promise<Prepared | null> {
    const now = this.clock.now();
    const job = await this.notifications.lock(m, clinicId, id);
    if (!job || job.status !== 'pending' || job.leaseOwner !== this.settings.workerId) return null;
    const channel = currentChannel(job);
    if (inDoubt) {
      // A previous attempt may have reached the provider before a crash; the resend reuses the Message-ID.
      await this.notifications.log(m, clinicId, [id], now, {
        event: 'in_doubt',
        channel,
        attempt: job.attempts,
      });
      this.logger.warn(
        { notificationId: id, clinicId },
        'resending a notification whose last attempt is in doubt',
      );
    }
    if (job.expiresAt && job.expiresAt <= now) {
      await this.finish(m, job, 'suppressed', 'notifications.expired', now);
      return { channel, outcome: 'suppressed' };
    }
    if (!channel) {
      await this.finish(m, job, 'failed', 'notifications.no_channel', now);
      return { channel, outcome: 'failed' };
    }
    if (channel === 'portal') return { channel, outcome: await this.handOverToPortal(m, job, now) };
    const message = await this.composer.compose(m, job, channel, now);
    if (!message) {
      return { channel, outcome: await this.failChannel(m, job, channel, 'notifications.no_address', now) };
    }
    if (channel !== 'email') {
      const release = releaseAfterQuietHours(now, {
        timeZone: message.settings.timeZone,
        start: message.settings.quietHoursStart,
        end: message.settings.quietHoursEnd,
      });
      if (release > now) {
        await this.notifications.update(m, id, {
          dueAt: release,
          leaseOwner: null,
          leaseUntil: null,
          inDoubtSince: null,
        });
        await this.notifications.log(m, clinicId, [id], now, {
          event: 'delayed',
          channel,
          errorCode: 'notifications.quiet_hours',
        });
        return { channel, outcome: 'delayed' };
      }
    }
    await this.notifications.update(m, id, { inDoubtSince: now, attempts: job.attempts + 1 });
    return { message, channel };
  }

  /** The portal path is an event in the same transaction as the "sent" mark: exactly once. */
  private async handOverToPortal(m: EntityManager, job: NotificationJob, now: Date): Promise<SendOutcome> {
    const message = await this.composer.compose(m, job, 'portal', now);
    if (!message) {
      await this.finish(m, job, 'failed', 'notifications.no_address', now);
      return 'failed';
    }
    const portalMessageId = await this.events.portalMessage(
      m,
      job,
      { subject: message.subject, body: message.text },
      now,
    );
    const ok: SendResult = { ok: true, providerMessageId: portalMessageId };
    return this.record(m, { ...job, attempts: job.attempts + 1 }, 'portal', ok);
  }

  private async record(
    m: EntityManager,
    job: NotificationJob,
    channel: DeliveryChannel,
    result: SendResult,
  ): Promise<SendOutcome> {
    const now = this.clock.now();
    const attempt = job.attempts;
    if (result.ok) {
      await this.notifications.update(m, job.id, {
        status: 'sent',
        sentAt: now,
        providerMessageId: result.providerMessageId,
        inDoubtSince: null,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
      });
      await this.notifications.log(m, job.clinicId, [job.id], now, { event: 'sent', channel, attempt });
      await this.notifications.log(m, job.clinicId, [job.id], now, {
        event: 'provider_accepted',
        channel,
        attempt,
        providerMessageId: result.providerMessageId,
      });
      await this.events.sent(m, job, channel, result.providerMessageId, now);
      return 'sent';
    }
    for (let i = 0; i < result.retries; i++) {
      await this.notifications.log(m, job.clinicId, [job.id], now, {
        event: 'retried',
        channel,
        attempt,
        errorCode: result.errorCode,
      });
    }
    const tooOld = now.getTime() - new Date(job.createdAt).getTime() > this.settings.maxDeliveryAgeMs;
    if (result.permanent || tooOld) return this.failChannel(m, job, channel, result.errorCode, now);
    const backoff = Math.min(
      this.settings.retryMaxMs,
      this.settings.retryBaseMs * 2 ** Math.max(0, attempt - 1),
    );
    await this.notifications.update(m, job.id, {
      dueAt: new Date(now.getTime() + backoff),
      leaseOwner: null,
      leaseUntil: null,
      inDoubtSince: null,
      lastError: result.errorCode,
    });
    await this.notifications.log(m, job.clinicId, [job.id], now, {
      event: 'retried',
      channel,
      attempt,
      errorCode: result.errorCode,
    });
    await this.events.failed(
      m,
      job,
      channel,
      { errorCode: result.errorCode, permanent: false, attempt },
      now,
    );
    return 'retry';
  }

  /** The channel failed for good: log it, then fall back to the next enabled channel if any. */
  private async failChannel(
    m: EntityManager,
    job: NotificationJob,
    channel: DeliveryChannel,
    errorCode: string,
    now: Date,
  ): Promise<SendOutcome> {
    await this.notifications.log(m, job.clinicId, [job.id], now, {
      event: 'failed',
      channel,
      attempt: job.attempts,
      errorCode,
    });
    await this.events.failed(
      m,
      job,
      channel,
      { errorCode, permanent: true, attempt: Math.max(1, job.attempts) },
      now,
    );
    const next = job.channels[job.channelIndex + 1];
    if (!next) {
      await this.finish(m, job, 'failed', errorCode, now, false);
      return 'failed';
    }
    await this.notifications.update(m, job.id, {
      channelIndex: job.channelIndex + 1,
      dueAt: now,
      leaseOwner: null,
      leaseUntil: null,
      inDoubtSince: null,
      lastError: errorCode,
    });
    await this.notifications.log(m, job.clinicId, [job.id], now, { event: 'fallback', channel: next });
    return 'fallback';
  }

  private async finish(
    m: EntityManager,
    job: NotificationJob,
    status: 'failed' | 'suppressed',
    errorCode: string,
    now: Date,
    log = true,
  ): Promise<void> {
    await this.notifications.update(m, job.id, {
      status,
      lastError: errorCode,
      leaseOwner: null,
      leaseUntil: null,
      inDoubtSince: null,
    });
    if (log) {
      await this.notifications.log(m, job.clinicId, [job.id], now, {
        event: status === 'failed' ? 'failed' : 'suppressed',
        channel: currentChannel(job),
        errorCode,
      });
    }
  }
}
