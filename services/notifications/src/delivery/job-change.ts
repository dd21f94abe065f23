import type { DeliveryChannel } from '../channels/channel';
import type { NotificationJob } from './notification-job';

/** The columns an attempt's outcome decides; everything else about a job is fixed when it is planned. */
export type JobState = Pick<
  NotificationJob,
  'status' | 'dueAt' | 'channelIndex' | 'providerMessageId' | 'lastError' | 'sentAt'
>;

/** How one step changes a job's row. */
export type JobChange =
  /** The attempt is over: the job takes this state, gives its lease back and is no longer in doubt. */
  | { kind: 'settle'; next: JobState }
  /** A provider call follows: the marker a crash leaves behind; the lease is kept. */
  | { kind: 'sending'; attempts: number; since: Date }
  /** Suppressed while its message was rendered: nothing went out, so nothing is in doubt. */
  | { kind: 'clear_in_doubt' };

/** A settled change: the job's current state with `changes` applied. */
export function settle(job: NotificationJob, changes: Partial<JobState>): JobChange {
  const { status, dueAt, channelIndex, providerMessageId, lastError, sentAt } = job;
  return {
    kind: 'settle',
    next: { status, dueAt, channelIndex, providerMessageId, lastError, sentAt, ...changes },
  };
}

/** An event a step adds to the outbox (notifications.notification.v1, notifications.portal_message.v1). */
export type JobEvent =
  | { type: 'sent'; channel: DeliveryChannel; providerMessageId: string }
  | {
      type: 'failed';
      channel: DeliveryChannel | null;
      errorCode: string;
      permanent: boolean;
      attempt: number;
    }
  /** Subject and body are patient data; `id` (its event id) is the portal send's provider message id. */
  | { type: 'portal_message'; id: string; subject: string; body: string };
