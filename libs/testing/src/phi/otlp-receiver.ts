import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** One exported span as OTLP/JSON carries it; attribute values stay in their typed wrapper. */
export interface OtlpSpan {
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** One export the receiver took: the signal's path (`/v1/traces`, …) and the body as text. */
export interface OtlpExport {
  path: string;
  body: string;
}

/**
 * A minimal OTLP/HTTP collector for tests: a service started with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing here exports its spans (and logs or metrics, if it ever sends them) to this process,
 * where a test reads every attribute, event and status message as the JSON the exporter wrote.
 */
export class OtlpReceiver {
  readonly exports: OtlpExport[] = [];
  private server: Server | undefined;
  private port = 0;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        // The HTTP exporter sends JSON; a protobuf exporter's bytes still hold strings as UTF-8.
        this.exports.push({ path: req.url ?? '', body: body.toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  /** The spans of every JSON trace export so far. */
  spans(): OtlpSpan[] {
    return this.exports
      .filter((e) => e.path === '/v1/traces')
      .flatMap((e) =>
        (
          JSON.parse(e.body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }
        ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
      );
  }

  /** How many spans arrived (JSON exports only). */
  spanCount(): number {
    return this.exports
      .filter((e) => e.path === '/v1/traces')
      .reduce((n, e) => n + (e.body.match(/"spanId"/g)?.length ?? 0), 0);
  }

  /** Whether a span of this trace (hex id) has arrived. */
  hasTrace(traceId: string): boolean {
    return this.exports.some((e) => e.path === '/v1/traces' && e.body.includes(traceId));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
