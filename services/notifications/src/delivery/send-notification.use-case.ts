import { Inject, Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { serviceActor, type AuditEntry } from '@carebus/audit';
import { CLOCK, type Clock } from '@carebus/platform';
import { TenantScope, type Tx } from '@carebus/persistence';
import type { ChannelName, DeliveryChannel } from '../channels/channel';
import { ChannelSender } from '../channels/channel-sender';
import { SERVICE_SETTINGS, type ServiceSettings } from '../service-settings';
import { AttemptRecorder } from './attempt-recorder';
import { DeliveryMetrics } from './delivery-metrics';
import { MessageComposer, type ComposedMessage } from './message-composer';
import { currentChannel, messageIdOf, type NotificationJob } from './notification-job';
import { NotificationsRepository, type ClaimedJob } from './notifications.repository';
import { SEND_HOOKS, type SendHooks } from './send-hooks';
import {
  beginAttempt,
  finishAttempt,
  isExpired,
  stillClaimed,
  type SendOutcome,
  type Transition,
} from './send-transition';

/** The first transaction's step, with the message to send when it is `sending`. */
type Begun = Transition & { message: ComposedMessage | null };

/**
 * Sends one claimed notification on its current channel, in two transactions. First: lock,
 * re-check, render, and commit the step (settled at once, or an in-doubt marker). Second: lock
 * again (a cancellation waits for this lock or has already suppressed the job), call the
 * provider, and commit the outcome right after its answer, so the window in which a crash leaves
 * a delivered message unrecorded is one provider reply.
 */
@Injectable()
export class SendNotificationUseCase {
  private readonly logger = new Logger('SendNotification');

  constructor(
    private readonly tenant: TenantScope,
    private readonly jobs: NotificationsRepository,
    private readonly composer: MessageComposer,
    private readonly recorder: AttemptRecorder,
    private readonly channels: ChannelSender,
    private readonly metrics: DeliveryMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings,
    @Inject(SEND_HOOKS) private readonly hooks: SendHooks,
  ) {}

  async execute(claim: ClaimedJob): Promise<SendOutcome> {
    const begun = await this.tenant.withTenant(claim.clinicId, (tx) => this.begin(tx, claim));
    if (!begun) return 'skipped';
    // Counted once committed, so a rolled-back attempt is never counted.
    if (claim.inDoubt) this.metrics.outcome(begun.channel, 'in_doubt');
    if (begun.outcome !== 'sending') return this.counted(begun.channel, begun.outcome);
    // `sending` is decided only for a provider channel with a rendered message.
    const channel = begun.channel as ChannelName;
    const message = begun.message!;
    await this.hooks.afterPrepare?.(claim.id);
    await this.channels.acquire(channel);
    const outcome = await this.tenant.withTenant(claim.clinicId, (tx) =>
      this.send(tx, claim.id, channel, message),
    );
    return this.counted(channel, outcome);
  }

  private async begin(tx: Tx, claim: ClaimedJob): Promise<Begun | null> {
    const now = this.clock.now();
    const job = await this.jobs.lock(tx, claim.id);
    if (!job || !stillClaimed(job, this.settings.workerId)) return null;
    if (claim.inDoubt) {
      this.logger.warn(
        { notificationId: job.id, clinicId: job.clinicId },
        'resending a notification whose last attempt is in doubt',
      );
    }
    const channel = currentChannel(job);
    const composing = channel !== null && !isExpired(job, now);
    const message = composing ? await this.composer.compose(tx, job, channel, now) : null;
    const step = beginAttempt(job, { inDoubt: claim.inDoubt, message, now, portalMessageId: uuidv7() });
    // Composing for a patient reads their contact points: one audit row per attempt, in the step's statement.
    const audit = composing && job.recipientKind === 'patient' ? [sendAccess(job)] : [];
    await this.recorder.record(tx, job, step, now, audit);
    return { ...step, message };
  }

  private async send(
    tx: Tx,
    id: string,
    channel: ChannelName,
    message: ComposedMessage,
  ): Promise<SendOutcome> {
    const job = await this.jobs.lock(tx, id);
    if (!job || !stillClaimed(job, this.settings.workerId)) {
      // Suppressed (cancelled) while we rendered: nothing goes out, so nothing is in doubt.
      if (job?.status === 'suppressed') {
        await this.recorder.clearInDoubt(tx, job);
      }
      return 'skipped';
    }
    await this.hooks.beforeSend?.(id);
    const result = await this.channels.send(channel, {
      notificationId: id,
      messageId: messageIdOf(id),
      to: message.to,
      from: message.from,
      subject: message.subject,
      text: message.text,
      ...(channel === 'email' ? { html: message.html } : {}),
    });
    const now = this.clock.now();
    const step = finishAttempt(job, channel, result, now, this.settings.retry);
    await this.recorder.record(tx, job, step, now);
    return step.outcome;
  }

  private counted(channel: DeliveryChannel | null, outcome: SendOutcome): SendOutcome {
    if (outcome !== 'skipped') this.metrics.outcome(channel, outcome);
    return outcome;
  }
}

/** Notifications itself reads a patient's contact points to deliver to them: the patient sees it. */
function sendAccess(job: NotificationJob): AuditEntry {
  return {
    clinicId: job.clinicId,
    principal: serviceActor('notifications'),
    action: 'notification.send',
    resourceType: 'notification',
    resourceId: job.id,
    patientId: job.recipientId,
    outcome: 'allowed',
  };
}
