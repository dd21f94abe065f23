// Loaded first by main.ts: tracing must patch http, express and pg before they are required.
import { startTracing } from '@carebus/observability';

startTracing({
  serviceName: 'notifications',
  otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined,
});
