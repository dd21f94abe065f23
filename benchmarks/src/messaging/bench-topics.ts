import { createTopics, newTopicSuffix, testKafka } from '@carebus/testing';

/**
 * Topics and a consumer group of this run under the benchmark principal's `bench.` prefix, the
 * consumed ones created first (consumers refuse to start on a missing source topic).
 */
export async function benchMessagingTopics(): Promise<Record<string, string>> {
  const run = `bench.${newTopicSuffix()}`;
  const consumed = {
    MESSAGING_PRACTITIONER_TOPIC: `${run}.scheduling.practitioner.v1`,
    MESSAGING_PATIENT_TOPIC: `${run}.scheduling.patient.v1`,
    MESSAGING_APPOINTMENT_TOPIC: `${run}.scheduling.appointment.v1`,
    MESSAGING_FILING_ANSWER_TOPIC: `${run}.ehrsync.journal_entry.v1`,
    MESSAGING_PORTAL_MESSAGE_TOPIC: `${run}.notifications.portal_message.v1`,
  };
  await createTopics(testKafka(), Object.values(consumed));
  return {
    ...consumed,
    MESSAGING_JOURNAL_ENTRY_TOPIC: `${run}.messaging.journal_entry.v1`,
    MESSAGING_CONSUMER_GROUP: `bench-messaging-${newTopicSuffix()}`,
    MESSAGING_REACHABILITY_TOPIC: `${run}.messaging.patient_reachability.v1`,
    MESSAGING_DIALOGUE_TOPIC: `${run}.messaging.dialogue.v1`,
    MESSAGING_PORTAL_CONSUMER_GROUP: `bench-messaging-portal-${newTopicSuffix()}`,
  };
}
