import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PhiSafeSpanProcessor } from './phi-safe-span-processor';

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP endpoint (e.g. http://otel-collector:4318); export is off when unset. */
  otlpEndpoint?: string;
}

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry before the app's modules load, so http, express and pg are instrumented.
 * Spans are always created (trace ids reach logs, problem bodies and Kafka headers); they are
 * exported only when an OTLP endpoint is configured, and then without patient data: no query
 * strings, statement parameters, bodies or error texts (PhiSafeSpanProcessor).
 */
export function startTracing({ serviceName, otlpEndpoint }: TracingOptions): void {
  if (sdk) return;
  // NodeSDK registers its tracer provider, context manager and W3C propagator only when it has a
  // span processor; without an exporter a no-op one keeps trace ids and propagation working.
  const spanProcessor: SpanProcessor = otlpEndpoint
    ? new PhiSafeSpanProcessor(new BatchSpanProcessor(otlpExporter(otlpEndpoint)))
    : new NoopSpanProcessor();
  sdk = new NodeSDK({
    serviceName,
    spanProcessors: [spanProcessor],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
      }),
      // Spans for the route handler only: one per middleware and router layer (body parser, request
      // logger, …) cost ~15 % of a booking's CPU and say little the HTTP span does not.
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
      // Queries inside a request or handler span only: the relay's and dispatchers' polling
      // would otherwise start a trace of its own per statement. The statement text only, never
      // its parameters (patient data): enhanced reporting stays off.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  sdk.start();
}

function otlpExporter(endpoint: string): OTLPTraceExporter {
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
