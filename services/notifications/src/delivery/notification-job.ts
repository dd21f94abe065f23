import type { DeliveryChannel } from '../channels/channel';
import type { Language, NotificationKind } from '../templates/notification-kind';

export type NotificationStatus = 'pending' | 'sent' | 'failed' | 'suppressed';
export type RecipientKind = 'patient' | 'staff';
export type DeliveryEvent =
  | 'requested'
  | 'sent'
  | 'provider_accepted'
  | 'failed'
  | 'retried'
  | 'suppressed'
  | 'delayed'
  | 'in_doubt'
  | 'fallback';

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

export function currentChannel(
  job: Pick<NotificationJob, 'channels' | 'channelIndex'>,
): DeliveryChannel | null {
  return job.channels[job.channelIndex] ?? null;
}

/** The SMTP Message-ID of a notification: the same on every attempt, so duplicates are recognisable. */
export function messageIdOf(notificationId: string): string {
  return `<${notificationId}@notifications.carebus>`;
}
