import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { PhiSafeSpanProcessor } from './phi-safe-span-processor';

const PHI = 'Jane-Phi-Doe';

describe('PhiSafeSpanProcessor', () => {
  const exported = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new PhiSafeSpanProcessor(new SimpleSpanProcessor(exported))],
  });
  const tracer = provider.getTracer('test');

  afterEach(() => exported.reset());
  afterAll(() => provider.shutdown());

  it('exports URLs without their query string, and no url.query', () => {
    const span = tracer.startSpan('GET', {
      kind: SpanKind.SERVER,
      attributes: {
        'http.url': `http://127.0.0.1:3001/v1/patients?name=${PHI}`,
        'http.target': `/v1/patients?name=${PHI}#top`,
        'url.full': `http://127.0.0.1:3001/v1/patients?name=${PHI}`,
        'url.path': '/v1/patients',
        'url.query': `name=${PHI}`,
        'http.route': '/v1/patients',
      },
    });
    span.end();
    const [finished] = exported.getFinishedSpans();
    expect(finished!.attributes).toEqual({
      'http.url': 'http://127.0.0.1:3001/v1/patients',
      'http.target': '/v1/patients',
      'url.full': 'http://127.0.0.1:3001/v1/patients',
      'url.path': '/v1/patients',
      'http.route': '/v1/patients',
    });
    expect(finished!.spanContext().traceId).toBe(span.spanContext().traceId);
  });

  it('keeps the statement text and drops its parameters, bodies, and error texts', () => {
    const span = tracer.startSpan('pg.query:INSERT carebus', {
      attributes: {
        'db.statement': 'INSERT INTO scheduling.patients (name) VALUES ($1)',
        'db.postgresql.values': [PHI],
        'db.query.parameter.0': PHI,
        'http.request.body': `{"name":"${PHI}"}`,
      },
    });
    span.setAttribute('db.postgresql.values', [PHI]);
    span.recordException(new Error(`invalid input syntax for type uuid: "${PHI}"`));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `invalid input syntax for type uuid: "${PHI}"` });
    span.end();
    const [finished] = exported.getFinishedSpans();
    expect(finished!.attributes).toEqual({
      'db.statement': 'INSERT INTO scheduling.patients (name) VALUES ($1)',
    });
    expect(finished!.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(finished!.events.map((event) => event.attributes)).toEqual([{ 'exception.type': 'Error' }]);
    expect(JSON.stringify([finished!.attributes, finished!.events, finished!.status])).not.toContain(PHI);
  });
});
