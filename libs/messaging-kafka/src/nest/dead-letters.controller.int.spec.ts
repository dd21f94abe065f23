import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Partitioners, type Kafka } from '@carebus/kafka';
import request from 'supertest';
import { AuthModule, DevIssuer, DEV_AUDIENCE } from '@carebus/auth';
import { ProblemDetailsFilter } from '@carebus/errors';
import { createTopics, infraFromEnv, newClinicId, newTopicSuffix, testKafka } from '@carebus/testing';
import { deadLetterRecord } from '../testing/dead-letter-records';
import { KafkaMessagingModule } from './kafka-messaging.module';

describe('dead-letter admin API', () => {
  let issuer: DevIssuer;
  let app: INestApplication;
  let kafka: Kafka;
  let operator: string;
  const suffix = newTopicSuffix();
  const topic = `testing.sequence.${suffix}`;
  const group = `admin-${suffix}`;
  const dlqTopic = `${topic}.${group}.dlq`;
  const path = '/v1/admin/dead-letters';

  beforeAll(async () => {
    issuer = await DevIssuer.start();
    kafka = testKafka();
    await createTopics(kafka, [topic, dlqTopic], 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: dlqTopic,
      messages: [
        deadLetterRecord({ topic, group, aggregateId: 'a0', clinicId: newClinicId(), at: Date.now() }),
      ],
    });
    await producer.disconnect();

    @Module({
      imports: [
        AuthModule.forRoot({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: DEV_AUDIENCE }),
        KafkaMessagingModule.forRoot({
          brokers: infraFromEnv().kafkaBrokers,
          security: infraFromEnv().kafkaSecurity,
          clientId: 'dead-letter-api-test',
          inboxSchema: 'unused',
          adminApi: true,
        }),
      ],
    })
    class AdminApp {}
    app = await NestFactory.create(AdminApp, { logger: false });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    operator = await issuer.mint({ sub: 'ops-1', roles: ['operator'] });
  });

  afterAll(async () => {
    await app.close();
    await issuer.stop();
  });

  const api = () => request(app.getHttpServer());

  it('refuses callers without the operator role', async () => {
    const clinicAdmin = await issuer.mint({
      sub: 'admin-1',
      clinicId: newClinicId(),
      roles: ['clinic_admin'],
    });

    await api().get(path).expect(401);
    const res = await api().get(path).auth(clinicAdmin, { type: 'bearer' }).expect(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('auth.forbidden');
  });

  it('lists dead letters to an operator', async () => {
    const res = await api()
      .get(path)
      .query({ topic, limit: 10 })
      .auth(operator, { type: 'bearer' })
      .expect(200);

    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      dlqTopic,
      partition: 0,
      offset: '0',
      group,
      errorCode: 'test.rejected',
    });
  });

  it.each([
    { limit: 'many' },
    { limit: 0 },
    { since: 'yesterday' },
    { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
    { colour: 'red' },
  ])('answers 400 problem+json to the query %j', async (query) => {
    const res = await api().get(path).query(query).auth(operator, { type: 'bearer' }).expect(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('validation.failed');
  });

  it('shows one dead letter, payload as base64 only', async () => {
    const res = await api().get(`${path}/${dlqTopic}/0/0`).auth(operator, { type: 'bearer' }).expect(200);

    expect(res.body).toMatchObject({ dlqTopic, key: 'a0', originalTopic: topic });
    expect(Buffer.from(res.body.payloadBase64, 'base64').length).toBe(res.body.payloadBytes);
  });

  it('answers 404 dlq.not_found for an unknown dead letter', async () => {
    const res = await api().get(`${path}/${dlqTopic}/0/42`).auth(operator, { type: 'bearer' }).expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('dlq.not_found');
    await api().post(`${path}/${topic}/0/0/replay`).auth(operator, { type: 'bearer' }).expect(404);
  });

  it('replays a dead letter to its original topic', async () => {
    const res = await api()
      .post(`${path}/${dlqTopic}/0/0/replay`)
      .auth(operator, { type: 'bearer' })
      .expect(200);

    expect(res.body).toMatchObject({ topic, partition: 0, offset: '0' });
    const admin = kafka.admin();
    await admin.connect();
    const [partition] = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    expect(partition!.high).toBe('1');
  });
});
