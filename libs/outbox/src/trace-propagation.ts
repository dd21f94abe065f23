import { context, propagation } from '@opentelemetry/api';

/** W3C trace context of the active span, to travel with an event (outbox row → Kafka headers). */
export function activeTraceHeaders(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}
