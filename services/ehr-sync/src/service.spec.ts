import { randomBytes } from 'node:crypto';
import { ConfigError } from '@carebus/config';
import { loadMigrationConfig, loadServiceConfig } from './service';

const base = {
  DATABASE_URL: 'postgres://carebus_ehr_sync_app@127.0.0.1:5432/carebus',
  KAFKA_BROKERS: '127.0.0.1:9092',
  AUTH_ISSUER: 'http://127.0.0.1:3900',
  AUTH_JWKS_URL: 'http://127.0.0.1:3900/.well-known/jwks.json',
  CAREBUS_JOURNAL_NOTE_KEYS: `v1:${randomBytes(32).toString('base64')}`,
};
const kek = () => randomBytes(32).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadServiceConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('ehr-sync config', () => {
  it('needs the journal-note ring to file journal notes, and only then', () => {
    const { CAREBUS_JOURNAL_NOTE_KEYS: _ring, ...rest } = base;
    void _ring;
    const env = { ...rest, EHR_SYNC_KEKS: `v1:${kek()}` };
    expect(problemsOf(env)).toEqual([
      'CAREBUS_JOURNAL_NOTE_KEYS: is needed to file journal notes (or set EHR_SYNC_JOURNAL_CONSUME=false)',
    ]);
    expect(problemsOf({ ...env, EHR_SYNC_JOURNAL_CONSUME: 'false' })).toEqual([]);
  });

  it('refuses a write lease no longer than the EHR timeout', () => {
    const env = {
      ...base,
      EHR_SYNC_KEKS: `v1:${kek()}`,
      EHR_SYNC_WRITE_LEASE_MS: '5000',
      EHR_SYNC_EHR_TIMEOUT_MS: '5000',
    };
    expect(problemsOf(env)).toEqual([
      'EHR_SYNC_WRITE_LEASE_MS: must be longer than EHR_SYNC_EHR_TIMEOUT_MS, or a slow write is claimed twice',
    ]);
  });

  it('needs EHR_SYNC_KEKS, in development too: no key is built in', () => {
    expect(problemsOf(base)).toEqual(['EHR_SYNC_KEKS is required']);
  });

  it('names a malformed KEK list without quoting it', () => {
    const short = randomBytes(8).toString('base64');
    const problems = problemsOf({ ...base, EHR_SYNC_KEKS: `v1:${short}` });
    expect(problems).toEqual(['EHR_SYNC_KEKS: version v1: the key must be base64 of exactly 32 bytes']);
    expect(problems.join()).not.toContain(short);
  });

  it('needs the active version named when several are listed', () => {
    const env = { ...base, EHR_SYNC_KEKS: `v1:${kek()},v2:${kek()}` };
    expect(problemsOf(env)[0]).toContain('EHR_SYNC_KEK_ACTIVE must name');
    expect(loadServiceConfig({ ...env, EHR_SYNC_KEK_ACTIVE: 'v2' }).EHR_SYNC_KEK_ACTIVE).toBe('v2');
  });
});

describe('ehr-sync migration config', () => {
  it('needs no KEK: migrate.js never touches a key', () => {
    expect(loadMigrationConfig(base).DATABASE_URL).toBe(base.DATABASE_URL);
  });
});
