import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One exported span as OTLP/JSON carries it; attribute values stay in their typed wrapper. */
export interface OtlpSpan {
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

export interface OtlpCollector {
  /** The OTLP/HTTP endpoint to give a service (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  url: string;
  /** Every trace export body received so far, as sent. */
  bodies: string[];
  spans(): OtlpSpan[];
  close(): Promise<void>;
}

/** Receives what a service's trace exporter sends to `/v1/traces`, so a test can read its spans. */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    spans: () =>
      bodies.flatMap((body) =>
        (
          JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }
        ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
