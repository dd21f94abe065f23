import type { ChannelName, DeliveryChannel, SendResult } from '../channels/channel';
import { DELIVERY_CODES } from '../notifications.errors';
import type { RenderedMessage } from '../templates/template-renderer';
import type { ClinicSettings } from '../settings/clinic-settings';
import { settle, type JobChange, type JobEvent } from './job-change';
import { currentChannel, type LogEntry, type NotificationJob } from './notification-job';
import { releaseAfterQuietHours } from './quiet-hours';

/** What one pass of the sender did with a claimed job; `skipped`: it was no longer ours to send. */
export type SendOutcome = 'sent' | 'skipped' | 'delayed' | 'retry' | 'fallback' | 'failed' | 'suppressed';

/** `sending`: the in-doubt marker is set and the channel is called next; the others settle the job. */
export type StepOutcome = Exclude<SendOutcome, 'skipped'> | 'sending';

/** One step of a send: the row change, the delivery log lines and the events, committed together. */
export interface Transition<O extends StepOutcome = StepOutcome> {
  outcome: O;
  /** The channel the step concerned (the metrics label). */
  channel: DeliveryChannel | null;
  change: JobChange;
  log: LogEntry[];
  events: JobEvent[];
}

/** A step that ends the attempt. */
export type Settled = Transition<Exclude<SendOutcome, 'skipped'>>;

export interface RetryPolicy {
  /** Backoff for transient failures: base, doubling per attempt up to max. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A transiently failing channel is given up (then fallback) once the job is this old. */
  maxDeliveryAgeMs: number;
}

export interface AttemptInput {
  /** A previous attempt may have reached the provider before a crash. */
  inDoubt: boolean;
  /** The current channel's message; null when the recipient has no address there (any more). */
  message: (RenderedMessage & { settings: ClinicSettings }) | null;
  now: Date;
  /** The portal message's event id, used when the current channel is the portal. */
  portalMessageId: string;
}

/** Expired jobs are suppressed unsent (a reminder held back past 2 h before the start). */
export function isExpired(job: NotificationJob, now: Date): boolean {
  return job.expiresAt !== null && job.expiresAt <= now;
}

/** Still pending and leased to `owner`; otherwise another replica or a cancellation has it. */
export function stillClaimed(job: NotificationJob, owner: string): boolean {
  return job.status === 'pending' && job.leaseOwner === owner;
}

/** Before the channel call: settle the job at once, or mark the attempt in doubt (`sending`). */
export function beginAttempt(job: NotificationJob, input: AttemptInput): Transition {
  const channel = currentChannel(job);
  const step = begin(job, channel, input);
  if (!input.inDoubt) return step;
  // Logged first, whatever follows: the resend reuses the Message-ID, so a duplicate is recognisable.
  return { ...step, log: [{ event: 'in_doubt', channel, attempt: job.attempts }, ...step.log] };
}

function begin(job: NotificationJob, channel: DeliveryChannel | null, input: AttemptInput): Transition {
  const { message, now } = input;
  if (isExpired(job, now)) return finish(job, 'suppressed', DELIVERY_CODES.expired);
  if (!channel) return finish(job, 'failed', DELIVERY_CODES.noChannel);
  if (channel === 'portal') {
    if (!message) return finish(job, 'failed', DELIVERY_CODES.noAddress);
    // The portal send is an event in the same commit as the "sent" mark: exactly once, no doubt.
    const handedOver = succeeded(job, 'portal', job.attempts + 1, input.portalMessageId, now);
    const portal: JobEvent = {
      type: 'portal_message',
      id: input.portalMessageId,
      subject: message.subject,
      body: message.text,
    };
    return { ...handedOver, events: [portal, ...handedOver.events] };
  }
  if (!message) return failChannel(job, channel, DELIVERY_CODES.noAddress, now);
  if (channel !== 'email') {
    const { timeZone, quietHoursStart: start, quietHoursEnd: end } = message.settings;
    const release = releaseAfterQuietHours(now, { timeZone, start, end });
    if (release > now) {
      return {
        outcome: 'delayed',
        channel,
        change: settle(job, { dueAt: release }),
        log: [{ event: 'delayed', channel, errorCode: DELIVERY_CODES.quietHours }],
        events: [],
      };
    }
  }
  return {
    outcome: 'sending',
    channel,
    change: { kind: 'sending', attempts: job.attempts + 1, since: now },
    log: [],
    events: [],
  };
}

/** After the channel answered (`job` as locked again, its attempts already counted). */
export function finishAttempt(
  job: NotificationJob,
  channel: ChannelName,
  result: SendResult,
  now: Date,
  policy: RetryPolicy,
): Settled {
  const attempt = job.attempts;
  if (result.ok) return succeeded(job, channel, attempt, result.providerMessageId, now);
  const { errorCode } = result;
  // The provider's own retries inside this call (webhooks), one line each.
  const retried: LogEntry[] = Array.from({ length: result.retries }, () => ({
    event: 'retried' as const,
    channel,
    attempt,
    errorCode,
  }));
  const tooOld = now.getTime() - job.createdAt.getTime() > policy.maxDeliveryAgeMs;
  const step =
    result.permanent || tooOld
      ? failChannel(job, channel, errorCode, now)
      : retryLater(job, channel, errorCode, now, policy);
  return { ...step, log: [...retried, ...step.log] };
}

/** Exponential backoff for attempt n (1-based): base · 2^(n−1), at most max. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.max(0, attempt - 1));
}

function retryLater(
  job: NotificationJob,
  channel: ChannelName,
  errorCode: string,
  now: Date,
  policy: RetryPolicy,
): Settled {
  const attempt = job.attempts;
  return {
    outcome: 'retry',
    channel,
    change: settle(job, {
      dueAt: new Date(now.getTime() + backoffMs(attempt, policy)),
      lastError: errorCode,
    }),
    log: [{ event: 'retried', channel, attempt, errorCode }],
    events: [{ type: 'failed', channel, errorCode, permanent: false, attempt }],
  };
}

function succeeded(
  job: NotificationJob,
  channel: DeliveryChannel,
  attempt: number,
  providerMessageId: string,
  now: Date,
): Settled {
  return {
    outcome: 'sent',
    channel,
    change: settle(job, { status: 'sent', sentAt: now, providerMessageId, lastError: null }),
    log: [
      { event: 'sent', channel, attempt },
      { event: 'provider_accepted', channel, attempt, providerMessageId },
    ],
    events: [{ type: 'sent', channel, providerMessageId }],
  };
}

/** The channel failed for good: log it, then fall back to the next channel if there is one. */
function failChannel(job: NotificationJob, channel: DeliveryChannel, errorCode: string, now: Date): Settled {
  const failed: Settled = {
    outcome: 'failed',
    channel,
    change: settle(job, { status: 'failed', lastError: errorCode }),
    log: [{ event: 'failed', channel, attempt: job.attempts, errorCode }],
    events: [{ type: 'failed', channel, errorCode, permanent: true, attempt: Math.max(1, job.attempts) }],
  };
  const next = job.channels[job.channelIndex + 1];
  if (!next) return failed;
  return {
    ...failed,
    outcome: 'fallback',
    change: settle(job, { channelIndex: job.channelIndex + 1, dueAt: now, lastError: errorCode }),
    log: [...failed.log, { event: 'fallback', channel: next }],
  };
}

/** Suppressed or failed before any channel was tried. */
function finish(job: NotificationJob, status: 'failed' | 'suppressed', errorCode: string): Settled {
  const channel = currentChannel(job);
  return {
    outcome: status,
    channel,
    change: settle(job, { status, lastError: errorCode }),
    log: [{ event: status, channel, errorCode }],
    events: [],
  };
}
