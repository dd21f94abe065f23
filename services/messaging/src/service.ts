import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { keyRingProblems } from '@carebus/crypto';
import { nationalIdKeyProblems } from './consent/national-id-keys';

/** The messaging service: dialogues, routing rules, inboxes and prescription renewals. */
export const SERVICE = { name: 'messaging', httpPort: 3002, schema: 'messaging' } as const;

/** The national portal's partner API over gRPC (carebus.messaging.v1.PortalPartnerService) listens here. */
export const DEFAULT_GRPC_PORT = 4002;

/** The variables of the attachment KEK ring, named in configuration problems. */
export const KEK_VARIABLES = { list: 'MESSAGING_KEKS', active: 'MESSAGING_KEK_ACTIVE' } as const;

export const configSchema = serviceEnvSchema(SERVICE)
  .extend({
    /** The gRPC port of the national portal's partner API. */
    GRPC_PORT: env.port(DEFAULT_GRPC_PORT),
    /** PEM certificate (chain) and key of the partner gRPC server; both or neither (then plaintext). */
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    /**
     * The national-id key ring: seals patients' national identity numbers at rest and keys their
     * lookup hashes, `v1:<base64 of 32 bytes>,v2:<…>`, from a Secret. Required: no key is built
     * into the code; a development environment gets its own from tools/dev/local-env.sh.
     */
    MESSAGING_NATIONAL_ID_KEYS: z.string().optional(),
    /** The version new numbers are sealed with; may be left out when only one is listed. */
    MESSAGING_NATIONAL_ID_KEY_ACTIVE: z.string().min(1).optional(),
    /** Deprecated (one release): the single key the ring replaces, read as `v1:<key>` with a warning. */
    MESSAGING_NATIONAL_ID_KEY: z.string().optional(),
    /** Where reachability changes are published (notifications reads them). */
    MESSAGING_REACHABILITY_TOPIC: z.string().min(1).default(TOPICS.messagingPatientReachability),
    /** notifications' portal messages, delivered to the national portal. */
    MESSAGING_PORTAL_MESSAGE_TOPIC: z.string().min(1).default(TOPICS.notificationsPortalMessage),
    MESSAGING_PORTAL_CONSUMER_GROUP: z.string().min(1).default('messaging-portal-messages'),
    /** The national portal's partner API; without it, outgoing deliveries wait in the queue. */
    MESSAGING_PORTAL_URL: env.optionalUrl(),
    /** This clinic platform's client credentials at the portal (OAuth2 client credentials). */
    MESSAGING_PORTAL_CLIENT_ID: z.string().min(1).default('carebus'),
    MESSAGING_PORTAL_CLIENT_SECRET: z.string().optional(),
    MESSAGING_PORTAL_TIMEOUT_MS: env.positiveInt(10_000),
    MESSAGING_PORTAL_BATCH: env.positiveInt(50),
    MESSAGING_PORTAL_CONCURRENCY: env.positiveInt(8),
    MESSAGING_PORTAL_LEASE_MS: env.positiveInt(30_000),
    MESSAGING_PORTAL_POLL_MS: env.positiveInt(500),
    /** Exponential backoff between attempts (with full jitter), from the base up to the cap. */
    MESSAGING_PORTAL_BACKOFF_BASE_MS: env.positiveInt(1_000),
    MESSAGING_PORTAL_BACKOFF_MAX_MS: env.positiveInt(60_000),
    MESSAGING_PORTAL_WORKER_ID: z.string().min(1).default(`messaging-${process.pid}`),
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
    /** Where dialogue notices go (messaging.dialogue.v1): who must be told of a new message. */
    MESSAGING_DIALOGUE_TOPIC: z.string().min(1).default(TOPICS.messagingDialogue),
    /** The journal-note key ring (libs/crypto FieldSealer): `v1:<base64 32 bytes>,…`. */
    CAREBUS_JOURNAL_NOTE_KEYS: z.string().min(1),
    CAREBUS_JOURNAL_NOTE_KEY_ACTIVE: z.string().min(1).optional(),
    /**
     * The patient-identity ring (libs/crypto FieldSealer), to open the national id scheduling seals
     * on scheduling.patient.v1 and feed the portal guard. Without it, patients' numbers come only
     * from staff (`PUT …/national-id`).
     */
    CAREBUS_PATIENT_IDENTITY_KEYS: z.string().min(1).optional(),
    CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE: z.string().min(1).optional(),
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
    if (Boolean(config.GRPC_TLS_CERT_FILE) !== Boolean(config.GRPC_TLS_KEY_FILE))
      ctx.addIssue({
        code: 'custom',
        path: [config.GRPC_TLS_CERT_FILE ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'],
        message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together',
      });
    if (config.MESSAGING_UPLOAD_SLOTS >= config.DATABASE_POOL_SIZE) {
      ctx.addIssue({
        code: 'custom',
        path: ['MESSAGING_UPLOAD_SLOTS'],
        message: 'must be below DATABASE_POOL_SIZE, so uploads leave connections for everything else',
      });
    }
    for (const { path, message } of nationalIdKeyProblems(config)) {
      ctx.addIssue({ code: 'custom', path: [path], message });
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

/** migrate.js touches no key (national id, KEKs), so it needs none (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
