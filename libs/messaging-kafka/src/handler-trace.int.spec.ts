import { randomBytes } from 'node:crypto';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { EVENTS } from '@carebus/contracts';
import { currentTraceId } from '@carebus/observability';
import { Outbox } from '@carebus/outbox';
import { newClinicId, waitFor } from '@carebus/testing';
import type { ConsumerRunner } from './consumer-runner';
import { recordingLogger } from './testing/recording-logger';
import { sequencedMessage } from './testing/sequenced-messages';
import { useConsumerTestBed } from '../test/consumer-test-bed';

describe('handler tracing', () => {
  const testBed = useConsumerTestBed();
  let runner: ConsumerRunner | undefined;
  const finished = new InMemorySpanExporter();
  const tracing = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(finished)] });

  beforeAll(() => {
    // What a service's tracing set-up registers: W3C propagation and async-context spans.
    // (@carebus/observability's startTracing registers nothing without an OTLP endpoint.)
    tracing.register();
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
  });

  afterAll(async () => {
    await tracing.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('runs the handler in a child span of the traceparent header, which its outbox writes carry on', async () => {
    const bed = testBed();
    const { topic, group, schema } = await bed.scenario('trace');
    const outbox = new Outbox({ schema, source: '/carebus/testing' });
    const seen: { traceId?: string; spanId?: string }[] = [];
    runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200],
      logger: recordingLogger(),
      handler: async (event, tx) => {
        seen.push({ traceId: currentTraceId(), spanId: trace.getActiveSpan()?.spanContext().spanId });
        await outbox.add(tx, {
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
    await bed.producer.send({
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
    const [row] = await bed.dataSource.query(
      `SELECT headers->>'traceparent' AS traceparent FROM ${schema}.outbox`,
    );
    expect(row.traceparent).toBe(`00-${traceId}-${handled!.spanId}-01`);
  });

  it('runs a batch handler in one span linked to the producer trace of every event', async () => {
    const bed = testBed();
    const { topic, group, schema } = await bed.scenario('trace_batch');
    const calls: { size: number; spanId?: string }[] = [];
    runner = bed.runner({
      inboxSchema: schema,
      topic,
      group,
      retryDelaysMs: [200],
      logger: recordingLogger(),
      batchHandler: async (events) => {
        calls.push({ size: events.length, spanId: trace.getActiveSpan()?.spanContext().spanId });
      },
    });
    const clinicId = newClinicId();
    const parents = [1, 2, 3].map(() => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
    }));
    await bed.producer.send({
      topic,
      messages: parents.map((p, i) =>
        sequencedMessage({
          aggregateId: 'traced',
          sequence: i + 1,
          clinicId,
          traceparent: `00-${p.traceId}-${p.spanId}-01`,
        }),
      ),
    });
    await runner.start();

    const [call] = await waitFor(() => (calls.length > 0 ? calls : undefined), { what: 'the batch handled' });
    expect(call!.size).toBe(3);
    const span = await waitFor(
      () => finished.getFinishedSpans().find((s) => s.spanContext().spanId === call!.spanId),
      { what: 'the batch span finished' },
    );
    expect(span.attributes['messaging.batch.message_count']).toBe(3);
    expect(span.parentSpanContext).toBeUndefined();
    expect(parents.map((p) => span.spanContext().traceId === p.traceId)).toEqual([false, false, false]);
    expect(span.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual(
      parents.map((p) => [p.traceId, p.spanId]),
    );
  });
});
