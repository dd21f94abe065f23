import { ConfigError } from '@carebus/config';
import { DEV_WEBHOOK_SECRET, loadMigrationConfig, loadServiceConfig, smtpRequiresTls } from './service';

const BASE = {
  DATABASE_URL: 'postgres://carebus_notifications_app@db:5432/carebus',
  KAFKA_BROKERS: 'kafka:9092',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  AUTH_ISSUER: 'https://idp.example',
};

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadServiceConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a configuration error');
}

describe('notifications configuration', () => {
  it('keeps the development webhook secret outside production', () => {
    expect(loadServiceConfig(BASE).WEBHOOK_SECRET).toBe(DEV_WEBHOOK_SECRET);
    expect(loadServiceConfig({ ...BASE, NODE_ENV: 'development' }).WEBHOOK_SECRET).toBe(DEV_WEBHOOK_SECRET);
  });

  it('refuses to start in production with the development webhook secret, defaulted or set', () => {
    expect(configError({ ...BASE, NODE_ENV: 'production' })).toMatch(
      /WEBHOOK_SECRET: must be set to a real secret when NODE_ENV=production/,
    );
    expect(configError({ ...BASE, NODE_ENV: 'production', WEBHOOK_SECRET: DEV_WEBHOOK_SECRET })).toContain(
      'WEBHOOK_SECRET',
    );
  });

  it('starts in production with a real webhook secret', () => {
    const config = loadServiceConfig({ ...BASE, NODE_ENV: 'production', WEBHOOK_SECRET: 'x'.repeat(32) });
    expect(config.WEBHOOK_SECRET).toBe('x'.repeat(32));
  });

  it('lets migrate.js run in production without provider secrets', () => {
    expect(loadMigrationConfig({ ...BASE, NODE_ENV: 'production' }).WEBHOOK_SECRET).toBe(DEV_WEBHOOK_SECRET);
  });

  it('takes SMTP credentials in pairs only', () => {
    expect(configError({ ...BASE, SMTP_USERNAME: 'relay-user' })).toContain(
      'SMTP_PASSWORD: must be set together with SMTP_USERNAME',
    );
    const config = loadServiceConfig({ ...BASE, SMTP_USERNAME: 'relay-user', SMTP_PASSWORD: 'pw' });
    expect([config.SMTP_USERNAME, config.SMTP_PASSWORD]).toEqual(['relay-user', 'pw']);
  });

  it('refuses http:// webhooks in production, naming each, and keeps them outside production', () => {
    const webhooks = { SMS_WEBHOOK_URL: 'http://sms.example/v1', PUSH_WEBHOOK_URL: 'http://push.example/v1' };
    const message = configError({
      ...BASE,
      ...webhooks,
      NODE_ENV: 'production',
      WEBHOOK_SECRET: 'x'.repeat(32),
    });
    expect(message).toContain('SMS_WEBHOOK_URL: must be an https:// URL when NODE_ENV=production');
    expect(message).toContain('PUSH_WEBHOOK_URL: must be an https:// URL when NODE_ENV=production');
    expect(loadServiceConfig({ ...BASE, ...webhooks }).SMS_WEBHOOK_URL).toBe('http://sms.example/v1');
  });

  it('requires STARTTLS with a verified certificate from the SMTP relay in production', () => {
    const production = { ...BASE, NODE_ENV: 'production', WEBHOOK_SECRET: 'x'.repeat(32) };
    expect(smtpRequiresTls(loadServiceConfig(production))).toBe(true);
    expect(smtpRequiresTls(loadServiceConfig(BASE))).toBe(false);
    expect(smtpRequiresTls(loadServiceConfig({ ...BASE, SMTP_REQUIRE_TLS: 'true' }))).toBe(true);
    expect(configError({ ...production, SMTP_TLS_VERIFY: 'false' })).toContain(
      'SMTP_TLS_VERIFY: must be true when NODE_ENV=production',
    );
  });
});
