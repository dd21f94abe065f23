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
});
