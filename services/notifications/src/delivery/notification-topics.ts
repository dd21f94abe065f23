import { TOPICS } from '@carebus/contracts';

/** Topics this service publishes to; tests use suffixed ones. */
export interface NotificationTopics {
  notification: string;
  portalMessage: string;
}

export const NOTIFICATION_TOPICS = 'NOTIFICATIONS_TOPICS';

export const DEFAULT_NOTIFICATION_TOPICS: NotificationTopics = {
  notification: TOPICS.notificationsNotification,
  portalMessage: TOPICS.notificationsPortalMessage,
};
