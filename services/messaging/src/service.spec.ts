import { randomBytes } from 'node:crypto';
import { consentSettingsOf } from './consent/consent-settings';
import { loadServiceConfig } from './service';

const key = () => randomBytes(32).toString('base64');
const BASE = {
  DATABASE_URL: 'postgres://carebus_messaging_app@db:5432/carebus',
  KAFKA_BROKERS: 'kafka:9092',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  AUTH_ISSUER: 'https://idp.example',
  CAREBUS_JOURNAL_NOTE_KEYS: `v1:${key()}`,
  MESSAGING_KEKS: `v1:${key()}`,
};

describe('messaging configuration: the national-id key ring', () => {
  it('reads MESSAGING_NATIONAL_ID_KEYS and its active version', () => {
    const config = loadServiceConfig({
      ...BASE,
      MESSAGING_NATIONAL_ID_KEYS: `v1:${key()},v2:${key()}`,
      MESSAGING_NATIONAL_ID_KEY_ACTIVE: 'v2',
    });
    const settings = consentSettingsOf(config);
    expect(settings.nationalIdKeys.versions).toEqual(['v1', 'v2']);
    expect(settings.nationalIdKeys.active.version).toBe('v2');
    expect(settings.nationalIdKeyDeprecated).toBe(false);
  });

  it('starts on the deprecated single key as v1 and marks it for the warning', () => {
    const settings = consentSettingsOf(loadServiceConfig({ ...BASE, MESSAGING_NATIONAL_ID_KEY: key() }));
    expect(settings.nationalIdKeys.versions).toEqual(['v1']);
    expect(settings.nationalIdKeyDeprecated).toBe(true);
  });

  it('refuses to start without a ring, or with both the ring and the deprecated key', () => {
    expect(() => loadServiceConfig(BASE)).toThrow(/MESSAGING_NATIONAL_ID_KEYS/);
    expect(() =>
      loadServiceConfig({
        ...BASE,
        MESSAGING_NATIONAL_ID_KEYS: `v1:${key()}`,
        MESSAGING_NATIONAL_ID_KEY: key(),
      }),
    ).toThrow(/set MESSAGING_NATIONAL_ID_KEYS only/);
  });
});
