import type { DeliveryChannel } from '../channels/channel';
import type { Language, NotificationKind } from '../templates/notification-kind';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'suppressed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const RECIPIENT_KINDS = ['patient', 'staff'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** What the delivery log records (its CHECK constraint lists the same). */
export const DELIVERY_EVENTS = [
  'requested',
  'sent',
  'provider_accepted',
  'failed',
  'retried',
  'suppressed',
  'delayed',
  'in_doubt',
  'fallback',
] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

/** Recipient id of staff alerts addressed to the clinic's clinical administrator. */
export const CLINICAL_ADMIN = 'clinical-admin';

/** Non-PHI facts a message is rendered from at send time (times, ids, the type's public name). */
export interface NotificationData {
  startTime?: string;
  endTime?: string;
  calendarId?: string;
  practitionerId?: string;
  appointmentTypeId?: string;
  appointmentTypeName?: string;
  video?: boolean;
  hidden?: boolean;
  /** Dialogue notices: the thread and its kind (never its subject or text). */
  threadId?: string;
  dialogueKind?: string;
  /** Staff alerts: what happened. */
  alert?: Record<string, string>;
}

/** One notification: a job the dispatcher sends when due (reminders are due in the future). */
export interface NotificationJob {
  id: string;
  clinicId: string;
  kind: NotificationKind;
  recipientKind: RecipientKind;
  recipientId: string;
  appointmentId: string | null;
  causeEventId: string;
  dedupeKey: string;
  channels: DeliveryChannel[];
  channelIndex: number;
  status: NotificationStatus;
  dueAt: Date;
  expiresAt: Date | null;
  attempts: number;
  leaseOwner: string | null;
  inDoubtSince: Date | null;
  language: Language;
  data: NotificationData;
  providerMessageId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** One line of a notification's delivery log. */
export interface LogEntry {
  event: DeliveryEvent;
  channel?: DeliveryChannel | null;
  attempt?: number | null;
  providerMessageId?: string | null;
  errorCode?: string | null;
}

export function currentChannel(
  job: Pick<NotificationJob, 'channels' | 'channelIndex'>,
): DeliveryChannel | null {
  return job.channels[job.channelIndex] ?? null;
}

/** The SMTP Message-ID of a notification: the same on every attempt, so duplicates are recognisable. */
export function messageIdOf(notificationId: string): string {
  return `<${notificationId}@notifications.carebus>`;
}
