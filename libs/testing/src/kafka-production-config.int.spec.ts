import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { builtServiceMain } from './service-process';

// Every service's main.js, in production, stops before it talks to anyone when Kafka would be
// reached in the clear or as nobody: exit 78 (EX_CONFIG) and a message naming each setting.
const BASE = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://carebus_scheduling_app@127.0.0.1:9/carebus',
  KAFKA_BROKERS: '127.0.0.1:9',
  AUTH_ISSUER: 'https://idp.example',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  WEBHOOK_SECRET: 'a-real-secret-of-the-clinic-cloud',
  // ehr-sync's key-encryption key, so its start gets as far as the Kafka rules (others ignore it).
  EHR_SYNC_KEKS: `v1:${randomBytes(32).toString('base64')}`,
  // messaging's national-id key, likewise.
  MESSAGING_NATIONAL_ID_KEYS: `v1:${randomBytes(32).toString('base64')}`,
  // messaging's attachment key-encryption keys, likewise.
  MESSAGING_KEKS: `v1:${randomBytes(32).toString('base64')}`,
  // device-registry's key that seals command requests and results at rest, likewise.
  DEVICE_REGISTRY_SEAL_KEY: randomBytes(32).toString('base64'),
  // messaging's journal-note ring, likewise.
  CAREBUS_JOURNAL_NOTE_KEYS: `v1:${randomBytes(32).toString('base64')}`,
  // scheduling's patient-identity ring, required in production (others ignore it).
  CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${randomBytes(32).toString('base64')}`,
};

function start(service: string, env: Record<string, string | undefined>) {
  return spawnSync(process.execPath, [builtServiceMain(service)], { env, encoding: 'utf8', timeout: 30_000 });
}

describe('production Kafka settings at start', () => {
  it.each(['scheduling', 'notifications', 'messaging', 'ehr-sync', 'device-registry'])(
    '%s exits 78 without TLS and a SCRAM login, naming each setting',
    (service) => {
      const result = start(service, BASE);
      expect(result.status).toBe(78);
      expect(result.stderr).toContain('KAFKA_TLS: must be true when NODE_ENV=production');
      expect(result.stderr).toContain('KAFKA_SASL_USERNAME is required when NODE_ENV=production');
      expect(result.stderr).toContain('KAFKA_SASL_PASSWORD is required when NODE_ENV=production');
    },
  );

  it('names the one missing setting when the rest is there', () => {
    const result = start('scheduling', { ...BASE, KAFKA_TLS: 'true', KAFKA_SASL_USERNAME: 'scheduling' });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('KAFKA_SASL_PASSWORD');
    expect(result.stderr).not.toContain('KAFKA_TLS:');
  });
});
