import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { keyRingProblems, sealerVariables, SEAL_PURPOSES } from '@carebus/crypto';
import { serviceEnvSchema } from '@carebus/platform';

/** The scheduling service: calendars, appointment types, work plans, slots and bookings. */
export const SERVICE = { name: 'scheduling', httpPort: 3001, schema: 'scheduling' } as const;

/** gRPC for partner systems listens on its own port. */
export const DEFAULT_GRPC_PORT = 4001;

export const configSchema = serviceEnvSchema(SERVICE).extend({
  GRPC_PORT: env.port(DEFAULT_GRPC_PORT),
  /** TLS for gRPC: the server certificate chain and key (PEM), both or neither. */
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
  /** WatchAppointments streams one caller (token subject within its clinic) may hold open at once. */
  WATCH_STREAMS_PER_CALLER: env.positiveInt(4),
  /** Consume ehrsync.appointment.v1 and reconcile EHR imports in this process. */
  EHR_IMPORT_ENABLED: env.flag(true),
  /** Consume the audit topic (AUDIT_PATIENT_ACCESS_TOPIC) into patients' access histories in this process. */
  PATIENT_ACCESS_LOG_ENABLED: env.flag(true),
  /** Consumer group of scheduling's event handlers; also their inbox consumer name. */
  SCHEDULING_CONSUMER_GROUP: z.string().min(1).default('scheduling'),
  /** The topic EHR imports are read from. */
  SCHEDULING_EHR_APPOINTMENT_TOPIC: z.string().min(1).default(TOPICS.ehrSyncAppointment),
  /**
   * The patient-identity key ring (`v1:<base64 of 32 bytes>,v2:<…>`, from a Secret) that seals
   * names and national ids on scheduling.patient.v1; messaging holds the same ring. Required in
   * production; elsewhere, when unset, each process seals under a random key of its own that
   * nobody can open (tests that open the events set it).
   */
  CAREBUS_PATIENT_IDENTITY_KEYS: z.string().min(1).optional(),
  /** The version new values are sealed with; may be left out when only one is listed. */
  CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE: z.string().min(1).optional(),
});

export type SchedulingConfig = z.infer<typeof configSchema>;

const PATIENT_IDENTITY = sealerVariables(SEAL_PURPOSES.patientIdentity);

const runtimeConfigSchema = configSchema.superRefine((config, ctx) => {
  const keys = config.CAREBUS_PATIENT_IDENTITY_KEYS;
  if (keys === undefined && config.NODE_ENV === 'production') {
    ctx.addIssue({
      code: 'custom',
      path: [PATIENT_IDENTITY.list],
      message: 'is required when NODE_ENV=production',
    });
  }
  const active = config.CAREBUS_PATIENT_IDENTITY_KEY_ACTIVE;
  for (const message of keys === undefined ? [] : keyRingProblems(keys, active, PATIENT_IDENTITY)) {
    ctx.addIssue({ code: 'custom', path: [PATIENT_IDENTITY.list], message });
  }
  if (Boolean(config.GRPC_TLS_CERT_FILE) !== Boolean(config.GRPC_TLS_KEY_FILE)) {
    const missing = config.GRPC_TLS_CERT_FILE ? 'GRPC_TLS_KEY_FILE' : 'GRPC_TLS_CERT_FILE';
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: 'GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together',
    });
  }
});

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  return loadConfig(runtimeConfigSchema, env);
}
