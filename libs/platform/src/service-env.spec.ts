import { loadConfig } from '@carebus/config';
import { serviceConfigProblems, serviceEnvSchema } from './service-env';

const schema = serviceEnvSchema({ name: 'scheduling', httpPort: 3001 });
const BASE = {
  DATABASE_URL: 'postgres://x@h/db',
  KAFKA_BROKERS: 'kafka:9093',
  AUTH_JWKS_URL: 'https://idp/jwks',
  AUTH_ISSUER: 'https://idp',
};
const problems = (env: NodeJS.ProcessEnv) => serviceConfigProblems(loadConfig(schema, env));
const SECURED = { KAFKA_TLS: 'true', KAFKA_SASL_USERNAME: 'scheduling', KAFKA_SASL_PASSWORD: 'secret' };

describe('service Kafka settings', () => {
  it('lets a development service talk plaintext', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it('refuses production without TLS and a login to the brokers, naming each setting', () => {
    expect(problems({ ...BASE, NODE_ENV: 'production' })).toEqual([
      'KAFKA_TLS: must be true when NODE_ENV=production',
      'KAFKA_SASL_USERNAME is required when NODE_ENV=production',
      'KAFKA_SASL_PASSWORD is required when NODE_ENV=production',
    ]);
    expect(problems({ ...BASE, ...SECURED, KAFKA_TLS: 'false', NODE_ENV: 'production' })).toEqual([
      'KAFKA_TLS: must be true when NODE_ENV=production',
    ]);
  });

  it('accepts production with TLS and a login', () => {
    expect(problems({ ...BASE, ...SECURED, NODE_ENV: 'production' })).toEqual([]);
  });

  it('wants the login in pairs and a readable CA file in any mode', () => {
    expect(problems({ ...BASE, KAFKA_SASL_USERNAME: 'scheduling' })).toEqual([
      'KAFKA_SASL_PASSWORD: must be set together with KAFKA_SASL_USERNAME',
    ]);
    expect(problems({ ...BASE, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' })).toEqual([
      'KAFKA_TLS_CA_FILE: cannot read /nowhere/ca.crt',
    ]);
  });
});
