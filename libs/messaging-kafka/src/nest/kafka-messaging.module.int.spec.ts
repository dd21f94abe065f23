import { Global, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Partitioners, type Kafka } from '@carebus/kafka';
import { DataSource } from 'typeorm';
import type { Tx } from '@carebus/persistence';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { MetricsRegistry } from '@carebus/observability';
import {
  createTestDatabase,
  createTopics,
  infraFromEnv,
  newClinicId,
  newTopicSuffix,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { isEventOf, type ConsumedEvent } from '../consumed-event';
import { metricValue } from '../testing/metric-values';
import { applySequencedEvent } from '../testing/sequence-effects';
import { sequencedMessage } from '../testing/sequenced-messages';
import { createConsumerSchema, openDataSource } from '../testing/test-data-source';
import { EventHandler } from './event-handler.decorator';
import { KafkaMessagingModule } from './kafka-messaging.module';

const suffix = newTopicSuffix();
const topic = `testing.sequence.${suffix}`;
const group = `nest-${suffix}`;
const schema = `nest_${suffix}`;

@Injectable()
class SequenceHandlers {
  readonly booked: string[] = [];

  @EventHandler(topic, { group, eventTypes: [EVENTS.testSequenced.type] })
  async onSequenced(event: ConsumedEvent, tx: Tx): Promise<void> {
    if (isEventOf(event, EVENTS.testSequenced)) await applySequencedEvent(tx, schema, event.payload);
  }

  @EventHandler(topic, { group, eventTypes: [EVENTS.appointmentBooked.type] })
  async onBooked(event: ConsumedEvent): Promise<void> {
    this.booked.push(event.envelope.id);
  }
}

describe('KafkaMessagingModule', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await openDataSource(db.url());
    await createConsumerSchema(dataSource, schema);
    kafka = testKafka();
    await createTopics(kafka, [topic], 2);

    // Stands in for the services' global PlatformModule and TypeOrmModule.
    @Global()
    @Module({
      providers: [MetricsRegistry, { provide: DataSource, useValue: dataSource }],
      exports: [MetricsRegistry, DataSource],
    })
    class PlatformStandIn {}

    @Module({
      imports: [
        PlatformStandIn,
        KafkaMessagingModule.forRoot({
          brokers: infraFromEnv().kafkaBrokers,
          security: infraFromEnv().kafkaSecurity,
          clientId: 'messaging-module-test',
          inboxSchema: schema,
          retryDelaysMs: [200],
        }),
      ],
      providers: [SequenceHandlers],
    })
    class ConsumerApp {}
    app = await NestFactory.create(ConsumerApp, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('runs decorated methods of one topic and group on one runner, each with its event types', async () => {
    const clinicId = newClinicId();
    const booked = {
      key: 'appointment-1',
      value: Buffer.from(encodeEventPayload(EVENTS.appointmentBooked, {})),
      headers: encodeEnvelopeHeaders({
        id: `0190f0a0-0000-7000-8000-${suffix}0000`,
        type: EVENTS.appointmentBooked.type,
        source: '/carebus/scheduling',
        time: new Date(),
        clinicId,
        dataContentType: 'application/protobuf',
      }),
    };
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        booked,
        ...[1, 2, 3].map((sequence) => sequencedMessage({ aggregateId: 'x', sequence, clinicId })),
      ],
    });
    await producer.disconnect();
    const registry = app.get(MetricsRegistry).registry;

    await waitFor(
      async () =>
        (await metricValue(registry, 'carebus_consumer_events_total', {
          topic,
          group,
          outcome: 'applied',
        })) === 4,
      {
        what: 'four events applied',
      },
    );
    expect(app.get(SequenceHandlers).booked).toEqual([booked.headers.ce_id]);
    const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM ${schema}.applied_sequences`);
    expect(row.n).toBe(3);
  });

  it('leaves the consumer group when the app closes', async () => {
    const members = async () => {
      const admin = kafka.admin();
      await admin.connect();
      const { groups } = await admin.describeGroups([group]);
      await admin.disconnect();
      return groups[0]!.members.length;
    };
    expect(await members()).toBe(1);

    await app.close();
    expect(await members()).toBe(0);
  });
});
