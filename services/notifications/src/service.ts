import { z } from 'zod';
import { env, loadConfig } from '@carebus/config';
import { TOPICS } from '@carebus/contracts';
import { serviceEnvSchema } from '@carebus/platform';

/** The notifications service: channels, preferences, reminders and the delivery log. */
export const SERVICE = { name: 'notifications', httpPort: 3005, schema: 'notifications' } as const;

/** WEBHOOK_SECRET's development default: it is public, so main.js refuses it in production. */
export const DEV_WEBHOOK_SECRET = 'dev-webhook-secret-change-me';

export const configSchema = serviceEnvSchema(SERVICE).extend({
  /**
   * SMTP relay, e.g. smtp://127.0.0.1:2525; STARTTLS is used whenever the server offers it, and
   * required (SMTP_REQUIRE_TLS) in production: a relay that does not offer it gets no message.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { message: 'must be an smtp:// or smtps:// URL' })
    .default('smtp://127.0.0.1:2525'),
  /** Verify the relay's TLS certificate (off only for a local sink with a self-signed one). */
  SMTP_TLS_VERIFY: env.flag(true),
  /** Refuse to send over smtp:// unless the relay upgrades with STARTTLS; always on in production. */
  SMTP_REQUIRE_TLS: env.flag(false),
  SMTP_MAX_CONNECTIONS: env.positiveInt(5),
  /** Relay login (AUTH), both or neither; they take precedence over credentials in SMTP_URL. */
  SMTP_USERNAME: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Sender when a clinic has not set its own. */
  NOTIFICATIONS_DEFAULT_SENDER: z.string().email().default('no-reply@carebus.local'),
  /** Generic webhook providers for SMS and push (HMAC-signed JSON POST); https:// in production. */
  SMS_WEBHOOK_URL: env.optionalUrl(),
  PUSH_WEBHOOK_URL: env.optionalUrl(),
  WEBHOOK_SECRET: z.string().min(16).default(DEV_WEBHOOK_SECRET),
  WEBHOOK_TIMEOUT_MS: env.positiveInt(5_000),
  /** Attempts per webhook call on 5xx or timeout before the channel counts as failed. */
  WEBHOOK_ATTEMPTS: env.positiveInt(3),
  WEBHOOK_RETRY_DELAY_MS: env.positiveInt(200),
  /** Messages per second per provider (token bucket, per replica). */
  EMAIL_RATE_PER_SEC: env.positiveInt(200),
  SMS_RATE_PER_SEC: env.positiveInt(50),
  PUSH_RATE_PER_SEC: env.positiveInt(200),
  DISPATCH_ENABLED: env.flag(true),
  DISPATCH_POLL_MS: env.positiveInt(250),
  DISPATCH_CONCURRENCY: env.positiveInt(8),
  DISPATCH_BATCH: env.positiveInt(64),
  /** How long a claimed job stays with its replica before another may take it over. */
  DISPATCH_LEASE_MS: env.positiveInt(60_000),
  /** Backoff for transient failures (SMTP relay down): base doubles up to the max. */
  RETRY_BASE_MS: env.positiveInt(1_000),
  RETRY_MAX_MS: env.positiveInt(30_000),
  /** A transiently failing notification is given up (failed, then fallback) after this long. */
  MAX_DELIVERY_AGE_MS: env.positiveInt(6 * 3600_000),
  NOTIFICATIONS_CONSUMER_GROUP: z.string().min(1).default('notifications'),
  NOTIFICATIONS_APPOINTMENT_TOPIC: z.string().min(1).default(TOPICS.schedulingAppointment),
  NOTIFICATIONS_ALERT_TOPIC: z.string().min(1).default(TOPICS.ehrSyncAlert),
  /** Scheduling's clinics: name, time zone and clinical administrator e-mail (group `<group>-clinics`). */
  NOTIFICATIONS_CLINIC_TOPIC: z.string().min(1).default(TOPICS.schedulingClinic),
  /** Messaging's patient reachability through the national portal (group `<group>-reachability`). */
  NOTIFICATIONS_REACHABILITY_TOPIC: z.string().min(1).default(TOPICS.messagingPatientReachability),
  /** Messaging's dialogue notices: who must hear of a new message (group `<group>-dialogues`). */
  NOTIFICATIONS_DIALOGUE_TOPIC: z.string().min(1).default(TOPICS.messagingDialogue),
  /** The device registry's events; its offline alerts mail the clinic (group `<group>-devices`). */
  NOTIFICATIONS_DEVICE_TOPIC: z.string().min(1).default(TOPICS.devicesDevice),
  /** Video consultation link shown in messages: `<base>/<appointment id>`. */
  VIDEO_LINK_BASE_URL: z.string().url().default('https://video.carebus.local/join'),
});

export type NotificationsConfig = z.infer<typeof configSchema>;

/**
 * What main.js needs beyond the shape: SMTP login in pairs; in production no dev secret, https
 * webhooks and a verified relay certificate (STARTTLS itself is then required by smtpRequiresTls).
 */
const runtimeConfigSchema = configSchema.superRefine((config, ctx) => {
  if (Boolean(config.SMTP_USERNAME) !== Boolean(config.SMTP_PASSWORD)) {
    const [missing, given] = config.SMTP_USERNAME
      ? ['SMTP_PASSWORD', 'SMTP_USERNAME']
      : ['SMTP_USERNAME', 'SMTP_PASSWORD'];
    ctx.addIssue({ code: 'custom', path: [missing], message: `must be set together with ${given}` });
  }
  if (config.NODE_ENV !== 'production') return;
  if (config.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_SECRET'],
      message: 'must be set to a real secret when NODE_ENV=production (the development default is public)',
    });
  }
  // Patient names and appointment times travel in these messages: never in the clear.
  for (const name of ['SMS_WEBHOOK_URL', 'PUSH_WEBHOOK_URL'] as const) {
    const url = config[name];
    if (url && !url.startsWith('https://'))
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'must be an https:// URL when NODE_ENV=production',
      });
  }
  if (!config.SMTP_TLS_VERIFY) {
    ctx.addIssue({
      code: 'custom',
      path: ['SMTP_TLS_VERIFY'],
      message: "must be true when NODE_ENV=production (the relay's certificate is checked)",
    });
  }
});

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(runtimeConfigSchema, env);
}

/** migrate.js sends nothing, so it needs no provider settings or secrets. */
export function loadMigrationConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  return loadConfig(configSchema, env);
}

/** STARTTLS is required when configured, and always in production. */
export function smtpRequiresTls(config: NotificationsConfig): boolean {
  return config.SMTP_REQUIRE_TLS || config.NODE_ENV === 'production';
}
