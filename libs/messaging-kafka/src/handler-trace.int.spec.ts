import { randomBytes } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { EVENTS } from '@carebus/contracts';
import { currentTraceId } from '@carebus/observability';
import { Outbox } from '@carebus/outbox';
import {
  createTestDatabase,
  createTopics,
  newClinicId,
  newTopicSuffix,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { ConsumerRunner } from './consumer-runner';
import { recordingLogger } from './testing/recording-logger';
import { sequencedMessage } from './testing/sequenced-messages';
import { createConsumerSchema, openDataSource } from './testing/test-data-source';

describe('handler tracing', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let runner: ConsumerRunner | undefined;
  const tracing = new NodeTracerProvider();

  beforeAll(async () => {
    // What a service's tracing set-up registers: W3C propagation and async-context spans.
    // (@carebus/observability's startTracing registers nothing without an OTLP endpoint.)
    tracing.register();
    db = await createTestDatabase();
    dataSource = await openDataSource(db.url());
    kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await runner?.stop();
    await producer.disconnect();
    await dataSource.destroy();
    await db.drop();
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('runs the handler in a child span of the traceparent header, which its outbox writes carry on', async () => {
    const suffix = newTopicSuffix();
    const topic = `testing.sequence.${suffix}`;
    const schema = `trace_${suffix}`;
    await createTopics(kafka, [topic], 1);
    await createConsumerSchema(dataSource, schema);
    const outbox = new Outbox({ schema, source: '/carebus/testing' });
    const seen: { traceId?: string; spanId?: string }[] = [];
    runner = new ConsumerRunner({
      kafka,
      dataSource,
      inboxSchema: schema,
      topic,
      group: `trace-${suffix}`,
      retryDelaysMs: [200],
      logger: recordingLogger(),
      handler: async (event, manager) => {
        seen.push({ traceId: currentTraceId(), spanId: trace.getActiveSpan()?.spanContext().spanId });
        await outbox.add(manager, {
          type: EVENTS.testSequenced.type,
          topic: `${topic}.downstream`,
          aggregateType: 'sequence',
          aggregateId: 'traced',
          clinicId: event.envelope.clinicId,
          payload: new Uint8Array(),
        });
      },
    });
    await runner.start();
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const traceparent = `00-${traceId}-${parentSpanId}-01`;
    await producer.send({
      topic,
      messages: [
        sequencedMessage({ aggregateId: 'traced', sequence: 1, clinicId: newClinicId(), traceparent }),
      ],
    });

    const [handled] = await waitFor(() => (seen.length > 0 ? seen : undefined), {
      what: 'the event handled',
    });
    expect(handled!.traceId).toBe(traceId);
    expect(handled!.spanId).not.toBe(parentSpanId);
    const [row] = await dataSource.query(
      `SELECT headers->>'traceparent' AS traceparent FROM ${schema}.outbox`,
    );
    expect(row.traceparent).toBe(`00-${traceId}-${handled!.spanId}-01`);
  });
});
