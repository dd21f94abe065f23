import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { keyRingProblems } from '@carebus/crypto';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

/** The variables of the attachment KEK ring, named in configuration problems. */
export const KEK_VARIABLES = { list: 'MESSAGING_KEKS', active: 'MESSAGING_KEK_ACTIVE' } as const;

export const configSchema = serviceEnvSchema(SERVICE)
  .extend({
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
    /**
     * Key-encryption keys that wrap each clinic's attachment data key: `v1:<base64 of 32
     * bytes>,v2:<…>`, from a Secret. Required everywhere: no key is built into the code; a
     * development environment gets its own from tools/dev/local-env.sh.
     */
    MESSAGING_KEKS: z.string(),
    /** The version new data keys are wrapped with; may be left out when only one is listed. */
    MESSAGING_KEK_ACTIVE: z.string().min(1).optional(),
    /** How long a replica keeps a clinic's unwrapped attachment data key in memory (ms). */
    MESSAGING_KEY_CACHE_MS: env.positiveInt(300_000),
    /**
     * Uploads that stream into the database at once (each holds a pooled connection for its
     * transaction); more wait their turn. Keep it below DATABASE_POOL_SIZE.
     */
    MESSAGING_UPLOAD_SLOTS: env.positiveInt(4),
  })
  .superRefine((config, ctx) => {
    if (config.MESSAGING_UPLOAD_SLOTS >= config.DATABASE_POOL_SIZE) {
      ctx.addIssue({
        code: 'custom',
        path: ['MESSAGING_UPLOAD_SLOTS'],
        message: 'must be below DATABASE_POOL_SIZE, so uploads leave connections for everything else',
      });
    }
    for (const message of keyRingProblems(
      config.MESSAGING_KEKS,
      config.MESSAGING_KEK_ACTIVE,
      KEK_VARIABLES,
    )) {
      ctx.addIssue({ code: 'custom', path: ['MESSAGING_KEKS'], message });
    }
  });

export type MessagingConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js touches no key, so it needs no KEK (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
