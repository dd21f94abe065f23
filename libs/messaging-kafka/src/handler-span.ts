import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
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
  const parent = propagation.extract(context.active(), carrierOf(envelope));
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent, (span) =>
    endingSpan(span, work),
  );
}

/**
 * Runs a batch handler's `work` in one consumer span that links to every event's producer trace
 * (OpenTelemetry's messaging conventions for batches): a batch has many parents, so it has none.
 */
export function inBatchSpan<T>(
  envelopes: Pick<EventEnvelope, 'traceparent' | 'tracestate'>[],
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  const links: Link[] = [];
  for (const envelope of envelopes) {
    if (!envelope.traceparent) continue;
    const linked = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrierOf(envelope)) as Context);
    if (linked) links.push({ context: linked });
  }
  return tracer.startActiveSpan(name, { kind: SpanKind.CONSUMER, attributes, links, root: true }, (span) =>
    endingSpan(span, work),
  );
}

/** The W3C trace headers an event carried, as a propagation carrier. */
function carrierOf(
  envelope: Pick<EventEnvelope, 'traceparent' | 'tracestate'> | undefined,
): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (envelope?.traceparent) carrier.traceparent = envelope.traceparent;
  if (envelope?.tracestate) carrier.tracestate = envelope.tracestate;
  return carrier;
}

async function endingSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}
