import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema, type ServiceConfig } from '@carebus/platform';
import { keyRingProblems } from '@carebus/crypto';
import { KEK_VARIABLES } from './key-vault/key-vault-settings';

/** The ehr-sync service: EHR connections, sync runs, the key vault and the EHR retry queue. */
export const SERVICE = { name: 'ehr-sync', httpPort: 3003, schema: 'ehr_sync' } as const;

/** EHR vendors push changes over gRPC on this port (carebus.ehrsync.v1.EhrPushService). */
export const DEFAULT_GRPC_PORT = 4003;

export const configSchema = serviceEnvSchema(SERVICE)
  .extend({
    /** The gRPC port of EHR vendors' real-time pushes. */
    GRPC_PORT: env.port(DEFAULT_GRPC_PORT),
    /** PEM certificate (chain) and key of the push gRPC server; both or neither (then plaintext). */
    GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
    GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
    /**
     * Key-encryption keys that wrap each clinic's shared encryption key: `v1:<base64 of 32
     * bytes>,v2:<…>`, from a Secret. Required everywhere: no key is built into the code; a
     * development environment gets its own from tools/dev/local-env.sh.
     */
    EHR_SYNC_KEKS: z.string(),
    /** The version new and rewrapped keys are wrapped with; may be left out when only one is listed. */
    EHR_SYNC_KEK_ACTIVE: z.string().min(1).optional(),
    /** How long a replica keeps a clinic's unwrapped key in memory for the engine (ms). */
    EHR_SYNC_SEK_CACHE_MS: env.positiveInt(300_000),
    /** Keys per batch of a KEK rewrap (each key in its own short transaction). */
    EHR_SYNC_REWRAP_BATCH: env.positiveInt(100),
    /** Where key-vault accesses (and, later, sync errors) are announced for notifications' alerts. */
    EHR_SYNC_ALERT_TOPIC: z.string().min(1).default(TOPICS.ehrSyncAlert),
    /** Per call to a clinic's EHR (connection checks, sign-ins), in ms. */
    EHR_SYNC_EHR_TIMEOUT_MS: env.positiveInt(10_000),
    /** Where imported EHR appointments go (EhrAppointmentImported; scheduling consumes it). */
    EHR_SYNC_APPOINTMENT_TOPIC: z.string().min(1).default(TOPICS.ehrSyncAppointment),
    /** Consumer groups of scheduling's reference topics are `<this>-calendars`, `-practitioners`, `-appointment-types`, `-clinics`. */
    EHR_SYNC_CONSUMER_GROUP: z.string().min(1).default('ehr-sync'),
    EHR_SYNC_CLINIC_TOPIC: z.string().min(1).default(TOPICS.schedulingClinic),
    EHR_SYNC_CALENDAR_TOPIC: z.string().min(1).default(TOPICS.schedulingCalendar),
    EHR_SYNC_PRACTITIONER_TOPIC: z.string().min(1).default(TOPICS.schedulingPractitioner),
    EHR_SYNC_APPOINTMENT_TYPE_TOPIC: z.string().min(1).default(TOPICS.schedulingAppointmentType),
    /** Whether this replica runs due sync jobs (off: it answers the API only). */
    EHR_SYNC_RUNNER_ENABLED: env.flag(true),
    /** How often an idle runner looks for due sync jobs (ms). */
    EHR_SYNC_RUNNER_POLL_MS: env.positiveInt(1_000),
    /** A runner's lease on a connection, renewed after every page; a stopped runner's run is taken over after it (ms). */
    EHR_SYNC_LEASE_MS: env.positiveInt(30_000),
    /** Appointments asked of the EHR per page. */
    EHR_SYNC_PAGE_SIZE: env.positiveInt(500),
    /** Time between appointment syncs of a connection (ms); 30 minutes. */
    EHR_SYNC_APPOINTMENT_INTERVAL_MS: env.positiveInt(1_800_000),
    /** The clinic time zone until scheduling's clinic events have named one (IANA). */
    EHR_SYNC_DEFAULT_TIME_ZONE: z.string().min(1).default('Europe/Oslo'),
    /** This replica's name in leases and the run ledger; default host and process id. */
    EHR_SYNC_RUNNER_ID: z.string().min(1).max(200).optional(),
    /** Consumer groups (one per topic; also the inbox consumer names) of the write-back and the journal filing. */
    EHR_SYNC_WRITE_BACK_GROUP: z.string().min(1).default('ehr-sync-write-back'),
    EHR_SYNC_JOURNAL_GROUP: z.string().min(1).default('ehr-sync-journal'),
    /** Where the platform's appointment changes are read from, to be written back to the EHR. */
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: z.string().min(1).default(TOPICS.schedulingAppointment),
    /** Consume appointment changes into the write queue in this process. */
    EHR_SYNC_WRITE_BACK_CONSUME: env.flag(true),
    /** Consume messaging's journal filing requests in this process (needs the journal-note ring). */
    EHR_SYNC_JOURNAL_CONSUME: env.flag(true),
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: z.string().min(1).default(TOPICS.messagingJournalEntry),
    /** Where filings are answered (JournalEntryFiled / JournalEntryFailed). */
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: z.string().min(1).default(TOPICS.ehrSyncJournalEntry),
    /** The journal-note key ring (libs/crypto FieldSealer): notes arrive sealed under it. */
    CAREBUS_JOURNAL_NOTE_KEYS: z.string().min(1).optional(),
    CAREBUS_JOURNAL_NOTE_KEY_ACTIVE: z.string().min(1).optional(),
    /** Drain the write queue to the EHRs in this process. */
    EHR_SYNC_WRITE_BACK_DRAIN: env.flag(true),
    /** A write still failing this long after it was queued (ms) is parked and the admin alerted. */
    EHR_SYNC_WRITE_MAX_AGE_MS: env.positiveInt(24 * 3600_000),
    /** Backoff between attempts: full jitter up to base·2^attempt, at most the cap (ms). */
    EHR_SYNC_WRITE_BACKOFF_BASE_MS: env.positiveInt(1000),
    EHR_SYNC_WRITE_BACKOFF_CAP_MS: env.positiveInt(300_000),
    /** How long a drainer holds a claimed write (ms); more than the EHR timeout. */
    EHR_SYNC_WRITE_LEASE_MS: env.positiveInt(60_000),
    /** Writes claimed per pass, and how many of them go to the EHRs at once. */
    EHR_SYNC_WRITE_BATCH: env.positiveInt(50),
    EHR_SYNC_WRITE_CONCURRENCY: env.positiveInt(8),
    /** How often an idle drainer looks for due writes (ms). */
    EHR_SYNC_WRITE_POLL_MS: env.positiveInt(500),
  })
  .superRefine((config, ctx) => {
    if (Boolean(config.GRPC_TLS_CERT_FILE) !== Boolean(config.GRPC_TLS_KEY_FILE))
      ctx.addIssue({
        code: 'custom',
        path: [config.GRPC_TLS_CERT_FILE ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE'],
        message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together',
      });
    if (config.EHR_SYNC_JOURNAL_CONSUME && !config.CAREBUS_JOURNAL_NOTE_KEYS)
      ctx.addIssue({
        code: 'custom',
        path: ['CAREBUS_JOURNAL_NOTE_KEYS'],
        message: 'is needed to file journal notes (or set EHR_SYNC_JOURNAL_CONSUME=false)',
      });
    if (config.EHR_SYNC_WRITE_LEASE_MS <= config.EHR_SYNC_EHR_TIMEOUT_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['EHR_SYNC_WRITE_LEASE_MS'],
        message: 'must be longer than EHR_SYNC_EHR_TIMEOUT_MS, or a slow write is claimed twice',
      });
    for (const message of keyRingProblems(config.EHR_SYNC_KEKS, config.EHR_SYNC_KEK_ACTIVE, KEK_VARIABLES)) {
      ctx.addIssue({ code: 'custom', path: ['EHR_SYNC_KEKS'], message });
    }
  });

export type EhrSyncConfig = z.infer<typeof configSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): EhrSyncConfig {
  return loadConfig(configSchema, env);
}

/** migrate.js touches no key, so it needs no KEK (the chart's migrations Job gets none). */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return loadConfig(serviceEnvSchema(SERVICE), env);
}
