import { NotificationKind as ProtoKind } from '@carebus/contracts';

/** What a notification is about; the template key. */
export const NOTIFICATION_KINDS = [
  'booking_confirmation',
  'appointment_changed',
  'appointment_cancelled',
  'appointment_reminder',
  'key_vault_access_alert',
  'sync_error_alert',
  'connection_deauthorized_alert',
  'credentials_rejected_alert',
  'new_dialogue',
  'new_dialogue_staff',
  'device_offline_alert',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const LANGUAGES = ['nb', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const PROTO_KIND: Record<NotificationKind, ProtoKind> = {
  booking_confirmation: ProtoKind.BOOKING_CONFIRMATION,
  appointment_changed: ProtoKind.APPOINTMENT_CHANGED,
  appointment_cancelled: ProtoKind.APPOINTMENT_CANCELLED,
  appointment_reminder: ProtoKind.APPOINTMENT_REMINDER,
  key_vault_access_alert: ProtoKind.KEY_VAULT_ACCESS_ALERT,
  sync_error_alert: ProtoKind.SYNC_ERROR_ALERT,
  connection_deauthorized_alert: ProtoKind.CONNECTION_DEAUTHORIZED_ALERT,
  credentials_rejected_alert: ProtoKind.CREDENTIALS_REJECTED_ALERT,
  // One proto kind for both; the event's recipient_kind tells the patient's from a staff member's.
  new_dialogue: ProtoKind.NEW_DIALOGUE,
  new_dialogue_staff: ProtoKind.NEW_DIALOGUE,
  device_offline_alert: ProtoKind.DEVICE_OFFLINE_ALERT,
};
