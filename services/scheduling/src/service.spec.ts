import { loadServiceConfig } from './service';

const BASE = {
  DATABASE_URL: 'postgres://carebus_scheduling_app@db:5432/carebus',
  KAFKA_BROKERS: 'kafka:9092',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  AUTH_ISSUER: 'https://idp.example',
};

describe('scheduling configuration', () => {
  // A deployment that sets neither keeps its committed offsets, inbox and dead letters.
  it('reads EHR imports from ehrsync.appointment.v1 as group scheduling unless told otherwise', () => {
    expect(loadServiceConfig(BASE)).toMatchObject({
      SCHEDULING_EHR_APPOINTMENT_TOPIC: 'ehrsync.appointment.v1',
      SCHEDULING_CONSUMER_GROUP: 'scheduling',
    });
    expect(
      loadServiceConfig({
        ...BASE,
        SCHEDULING_EHR_APPOINTMENT_TOPIC: 'test.1a2b.ehrsync.appointment.v1',
        SCHEDULING_CONSUMER_GROUP: 'scheduling-1a2b',
      }),
    ).toMatchObject({
      SCHEDULING_EHR_APPOINTMENT_TOPIC: 'test.1a2b.ehrsync.appointment.v1',
      SCHEDULING_CONSUMER_GROUP: 'scheduling-1a2b',
    });
  });

  it('requires the patient-identity ring in production and refuses a malformed one, quoting no key', () => {
    const keyOf16 = Buffer.alloc(16, 7).toString('base64');
    expect(() => loadServiceConfig({ ...BASE, NODE_ENV: 'production' })).toThrow(
      /CAREBUS_PATIENT_IDENTITY_KEYS.*required when NODE_ENV=production/,
    );
    let message = '';
    try {
      loadServiceConfig({ ...BASE, CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${keyOf16}` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('exactly 32 bytes');
    expect(message).not.toContain(keyOf16);
    expect(loadServiceConfig(BASE).CAREBUS_PATIENT_IDENTITY_KEYS).toBeUndefined();
  });
});
