import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema } from '@carebus/platform';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

export const configSchema = serviceEnvSchema(SERVICE).extend({
  /** Stem of messaging's consumer groups: `<stem>.practitioners`, `.patients`, `.journal`, `.bookings` (one per topic). */
  MESSAGING_CONSUMER_GROUP: z.string().min(1).default('messaging'),
  /** Consume scheduling's practitioners, patients and bookings, and ehr-sync's filing answers, in this process. */
  MESSAGING_CONSUMERS_ENABLED: env.flag(true),
  MESSAGING_PRACTITIONER_TOPIC: z.string().min(1).default(TOPICS.schedulingPractitioner),
  MESSAGING_PATIENT_TOPIC: z.string().min(1).default(TOPICS.schedulingPatient),
  MESSAGING_APPOINTMENT_TOPIC: z.string().min(1).default(TOPICS.schedulingAppointment),
  MESSAGING_FILING_ANSWER_TOPIC: z.string().min(1).default(TOPICS.ehrSyncJournalEntry),
  /** Where journal filing requests go (messaging.journal_entry.v1). */
  MESSAGING_JOURNAL_ENTRY_TOPIC: z.string().min(1).default(TOPICS.messagingJournalEntry),
  /** The journal-note key ring (libs/crypto FieldSealer): `v1:<base64 32 bytes>,…`. */
  CAREBUS_JOURNAL_NOTE_KEYS: z.string().min(1),
  CAREBUS_JOURNAL_NOTE_KEY_ACTIVE: z.string().min(1).optional(),
});

export type MessagingConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(configSchema, env);
}
