import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';

export type ScramMechanism = 'scram-sha-512' | 'scram-sha-256';

/**
 * How a client proves itself to the brokers and checks them: TLS (trusting `caFile`, a PEM bundle,
 * or the system CAs without it) and a SASL SCRAM login. `{ tls: false }` is a plaintext client.
 */
export interface KafkaSecurity {
  tls: boolean;
  caFile?: string;
  sasl?: { mechanism: ScramMechanism; username: string; password: string };
}

export const PLAINTEXT: KafkaSecurity = { tls: false };

/**
 * The variables every Carebus Kafka client reads (a service, the relay, carebus-cli, benchmark and
 * test children), after a prefix: tests read CAREBUS_TEST_KAFKA_TLS and so on.
 */
export const KAFKA_SECURITY_ENV = {
  tls: 'KAFKA_TLS',
  caFile: 'KAFKA_TLS_CA_FILE',
  mechanism: 'KAFKA_SASL_MECHANISM',
  username: 'KAFKA_SASL_USERNAME',
  password: 'KAFKA_SASL_PASSWORD',
} as const;

const MECHANISMS: readonly ScramMechanism[] = ['scram-sha-512', 'scram-sha-256'];

/** Problems with a client's security settings, each naming its variable; empty when usable. */
export function kafkaSecurityProblems(security: KafkaSecurity, prefix = ''): string[] {
  const name = (key: keyof typeof KAFKA_SECURITY_ENV) => `${prefix}${KAFKA_SECURITY_ENV[key]}`;
  const problems: string[] = [];
  if (security.caFile !== undefined) {
    if (!security.tls) problems.push(`${name('caFile')}: set, but ${name('tls')} is not true`);
    else {
      try {
        readFileSync(security.caFile);
      } catch {
        problems.push(`${name('caFile')}: cannot read ${security.caFile}`);
      }
    }
  }
  const sasl = security.sasl;
  if (sasl && !sasl.username)
    problems.push(`${name('username')}: must be set together with ${name('password')}`);
  if (sasl && !sasl.password)
    problems.push(`${name('password')}: must be set together with ${name('username')}`);
  if (sasl && !MECHANISMS.includes(sasl.mechanism))
    problems.push(`${name('mechanism')}: must be one of ${MECHANISMS.join(', ')}`);
  return problems;
}

/** Reads `<prefix>KAFKA_TLS` … from the environment; throws naming every bad variable. */
export function kafkaSecurityFromEnv(env: NodeJS.ProcessEnv = process.env, prefix = ''): KafkaSecurity {
  const value = (key: keyof typeof KAFKA_SECURITY_ENV) =>
    env[`${prefix}${KAFKA_SECURITY_ENV[key]}`] || undefined;
  const tls = value('tls');
  if (tls !== undefined && !['true', 'false', '1', '0'].includes(tls))
    throw new Error(`invalid Kafka settings: ${prefix}${KAFKA_SECURITY_ENV.tls}: must be true or false`);
  const username = value('username');
  const password = value('password');
  const security: KafkaSecurity = {
    tls: tls === 'true' || tls === '1',
    ...(value('caFile') ? { caFile: value('caFile')! } : {}),
    ...(username || password
      ? {
          sasl: {
            mechanism: (value('mechanism') ?? 'scram-sha-512') as ScramMechanism,
            username: username ?? '',
            password: password ?? '',
          },
        }
      : {}),
  };
  const problems = kafkaSecurityProblems(security, prefix);
  if (problems.length > 0) throw new Error(`invalid Kafka settings: ${problems.join('; ')}`);
  return security;
}

/** The variables that give a child process (a service, a relay) the same security settings. */
export function kafkaSecurityEnv(security: KafkaSecurity, prefix = ''): Record<string, string> {
  const env: Record<string, string> = { [`${prefix}${KAFKA_SECURITY_ENV.tls}`]: String(security.tls) };
  if (security.caFile) env[`${prefix}${KAFKA_SECURITY_ENV.caFile}`] = security.caFile;
  if (security.sasl) {
    env[`${prefix}${KAFKA_SECURITY_ENV.mechanism}`] = security.sasl.mechanism;
    env[`${prefix}${KAFKA_SECURITY_ENV.username}`] = security.sasl.username;
    env[`${prefix}${KAFKA_SECURITY_ENV.password}`] = security.sasl.password;
  }
  return env;
}

/** kafkajs's `ssl` and `sasl` for these settings (the CA file is read when the client is made). */
export function kafkajsSecurity(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = security.tls
    ? security.caFile
      ? { ca: [readFileSync(security.caFile, 'utf8')], rejectUnauthorized: true }
      : true
    : false;
  const sasl = security.sasl;
  if (!sasl) return { ssl };
  const { username, password } = sasl;
  return {
    ssl,
    sasl:
      sasl.mechanism === 'scram-sha-256'
        ? { mechanism: 'scram-sha-256', username, password }
        : { mechanism: 'scram-sha-512', username, password },
  };
}
