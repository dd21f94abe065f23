import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkajsSecurity, kafkaSecurityEnv, kafkaSecurityFromEnv, PLAINTEXT } from './kafka-security';

const ca = join(mkdtempSync(join(tmpdir(), 'kafka-security-')), 'ca.crt');
writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');

describe('Kafka client security settings', () => {
  it('reads TLS, the CA file and the SCRAM login after a prefix', () => {
    const security = kafkaSecurityFromEnv(
      {
        CAREBUS_TEST_KAFKA_TLS: 'true',
        CAREBUS_TEST_KAFKA_TLS_CA_FILE: ca,
        CAREBUS_TEST_KAFKA_SASL_USERNAME: 'test',
        CAREBUS_TEST_KAFKA_SASL_PASSWORD: 'secret',
      },
      'CAREBUS_TEST_',
    );
    expect(security).toEqual({
      tls: true,
      caFile: ca,
      sasl: { mechanism: 'scram-sha-512', username: 'test', password: 'secret' },
    });
    expect(kafkaSecurityFromEnv(kafkaSecurityEnv(security))).toEqual(security);
  });

  it('is plaintext when nothing is set', () => {
    expect(kafkaSecurityFromEnv({})).toEqual(PLAINTEXT);
    expect(kafkajsSecurity(PLAINTEXT)).toEqual({ ssl: false });
  });

  it('names each bad variable', () => {
    expect(() => kafkaSecurityFromEnv({ KAFKA_TLS: 'yes' })).toThrow(/KAFKA_TLS: must be true or false/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_USERNAME: 'x' })).toThrow(
      /KAFKA_SASL_PASSWORD: must be set together with KAFKA_SASL_USERNAME/,
    );
    expect(() => kafkaSecurityFromEnv({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' })).toThrow(
      /KAFKA_TLS_CA_FILE: cannot read \/nowhere\/ca.crt/,
    );
    expect(() =>
      kafkaSecurityFromEnv({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'a',
        KAFKA_SASL_PASSWORD: 'b',
      }),
    ).toThrow(/KAFKA_SASL_MECHANISM: must be one of scram-sha-512, scram-sha-256/);
  });

  it('gives kafkajs the CA and the SCRAM mechanism', () => {
    const settings = kafkajsSecurity({
      tls: true,
      caFile: ca,
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
    });
    expect(settings.ssl).toEqual({
      ca: [expect.stringContaining('BEGIN CERTIFICATE')],
      rejectUnauthorized: true,
    });
    expect(settings.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'u', password: 'p' });
  });
});
