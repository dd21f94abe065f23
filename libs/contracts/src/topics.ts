/**
 * Every Kafka topic Carebus services publish to: `<service>.<aggregate>.v<major>`. The payloads
 * on each are listed in `event-catalog.ts` and described in docs/events.md.
 */
export const TOPICS = {
  schedulingAppointment: 'scheduling.appointment.v1',
  schedulingClinic: 'scheduling.clinic.v1',
  schedulingCalendar: 'scheduling.calendar.v1',
  schedulingPractitioner: 'scheduling.practitioner.v1',
  schedulingAppointmentType: 'scheduling.appointment_type.v1',
  /** Patient reference data; name and national id only sealed (key purpose patient-identity). */
  schedulingPatient: 'scheduling.patient.v1',
  ehrSyncAppointment: 'ehrsync.appointment.v1',
  ehrSyncAlert: 'ehrsync.alert.v1',
  ehrSyncJournalEntry: 'ehrsync.journal_entry.v1',
  /** Journal filing requests; the note only sealed (key purpose journal-note). */
  messagingJournalEntry: 'messaging.journal_entry.v1',
  notificationsNotification: 'notifications.notification.v1',
  notificationsPortalMessage: 'notifications.portal_message.v1',
  messagingPatientReachability: 'messaging.patient_reachability.v1',
  /** Who must be told of a dialogue's new message; ids only, never its text. */
  messagingDialogue: 'messaging.dialogue.v1',
  devicesDevice: 'devices.device.v1',
  devicesCommand: 'devices.command.v1',
  /** Shared by every service: each publishes its audited accesses to patients and its audit chain anchors. */
  auditPatientAccess: 'audit.patient_access.v1',
  auditAnchor: 'audit.anchor.v1',
  /** Default topic of the backbone's test events; tests pass their own, suffixed per test. */
  testingSequence: 'testing.sequence.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

// Kafka's own limits on topic names.
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

function checkedTopic(topic: string, group: string, name: string): string {
  if (topic === '' || group === '') throw new RangeError('topic and consumer group must not be empty');
  if (!LEGAL_TOPIC.test(name)) {
    throw new RangeError(`"${name}" is not a legal Kafka topic name (only [a-zA-Z0-9._-], at most 249)`);
  }
  return name;
}

/**
 * Retry topic `n` (from 1) of a consumer group: `<topic>.<group>.retry.<n>`. Per group, so one
 * consumer's retries never redeliver to another group that already handled the event.
 */
export function retryTopic(topic: string, group: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`retry attempt must be an integer >= 1, got ${n}`);
  return checkedTopic(topic, group, `${topic}.${group}.retry.${n}`);
}

/** Dead-letter topic of a consumer group: `<topic>.<group>.dlq`. */
export function deadLetterTopic(topic: string, group: string): string {
  return checkedTopic(topic, group, `${topic}.${group}.dlq`);
}
