import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { EventEnvelope } from '@carebus/contracts';

const tracer = trace.getTracer('@carebus/messaging-kafka');

/**
 * Runs `work` in a consumer span whose parent is the producer's trace context (the `traceparent`
 * that travelled from the HTTP request through the outbox), so the handler's logs and the events
 * it writes to its own outbox carry the same trace id.
 */
export function inHandlerSpan<T>(
  envelope: Pick<EventEnvelope, 'traceparent' | 'tracestate'> | undefined,
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const carrier: Record<string, string> = {};
  if (envelope?.traceparent) carrier.traceparent = envelope.traceparent;
  if (envelope?.tracestate) carrier.tracestate = envelope.tracestate;
  const parent = propagation.extract(context.active(), carrier);
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
