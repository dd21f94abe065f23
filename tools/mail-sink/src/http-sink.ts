import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SmtpSink } from './smtp-sink';

/** One SMS/push request as the webhook sink received it. */
export interface ReceivedWebhook {
  id: string;
  channel: string;
  receivedAt: string;
  status: number;
  signatureValid: boolean | null;
  idempotencyKey: string | null;
  body: Record<string, unknown>;
}

/** What the sink answers on a channel: a status for the next `times` requests (then 200 again). */
export interface ChannelBehaviour {
  status: number;
  times?: number;
}

export interface HttpSinkOptions {
  port: number;
  host?: string;
  /** Verifies `x-carebus-signature` when set. */
  webhookSecret?: string;
  smtp?: SmtpSink;
}

function verify(secret: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

/**
 * The SMS/push webhook sink (POST /webhooks/sms, /webhooks/push) and the inspection API of both
 * sinks: GET/DELETE /messages, GET /messages/count, POST /smtp/stop|start, GET/DELETE /webhooks,
 * PUT /webhooks/:channel/behaviour {status, times}.
 */
export class HttpSink {
  readonly requests: ReceivedWebhook[] = [];
  private readonly behaviour = new Map<string, ChannelBehaviour>();
  private server: Server | null = null;
  port = 0;

  constructor(private readonly options: HttpSinkOptions) {}

  setBehaviour(channel: string, behaviour: ChannelBehaviour | null): void {
    if (behaviour) this.behaviour.set(channel, { ...behaviour });
    else this.behaviour.delete(channel);
  }

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      void this.route(req, res).catch(() => this.json(res, 500, { error: 'internal' }));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.options.port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sink');
    const body = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    const path = url.pathname;
    const smtp = this.options.smtp;
    const hook = /^\/webhooks\/(sms|push)$/.exec(path);
    if (hook && req.method === 'POST') return this.receive(hook[1]!, req, res, body);
    const behaviour = /^\/webhooks\/(sms|push)\/behaviour$/.exec(path);
    if (behaviour && req.method === 'PUT') {
      const parsed = JSON.parse(body || 'null') as ChannelBehaviour | null;
      this.setBehaviour(behaviour[1]!, parsed && parsed.status !== 200 ? parsed : null);
      return this.json(res, 204);
    }
    if (path === '/webhooks' && req.method === 'GET') {
      const channel = url.searchParams.get('channel');
      return this.json(res, 200, { items: this.requests.filter((r) => !channel || r.channel === channel) });
    }
    if (path === '/webhooks' && req.method === 'DELETE') {
      this.requests.length = 0;
      return this.json(res, 204);
    }
    if (smtp && path === '/messages' && req.method === 'GET') {
      const to = url.searchParams.get('to');
      return this.json(res, 200, { items: smtp.messages.filter((m) => !to || m.envelopeTo.includes(to)) });
    }
    if (smtp && path === '/messages/count' && req.method === 'GET') {
      const ids = new Set(smtp.messages.map((m) => m.messageId));
      return this.json(res, 200, { count: smtp.messages.length, distinctMessageIds: ids.size });
    }
    if (smtp && path === '/messages' && req.method === 'DELETE') {
      smtp.clear();
      return this.json(res, 204);
    }
    if (smtp && path === '/smtp/stop' && req.method === 'POST') {
      await smtp.stop();
      return this.json(res, 204);
    }
    if (smtp && path === '/smtp/start' && req.method === 'POST') {
      await smtp.start();
      return this.json(res, 204);
    }
    return this.json(res, 404, { error: 'not found' });
  }

  private receive(channel: string, req: IncomingMessage, res: ServerResponse, raw: string): void {
    const behaviour = this.behaviour.get(channel);
    const status = behaviour?.status ?? 200;
    if (behaviour?.times !== undefined && --behaviour.times <= 0) this.behaviour.delete(channel);
    const secret = this.options.webhookSecret;
    const id = randomUUID();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // kept as {}
    }
    this.requests.push({
      id,
      channel,
      receivedAt: new Date().toISOString(),
      status,
      signatureValid: secret
        ? verify(secret, req.headers['x-carebus-signature'] as string | undefined, raw)
        : null,
      idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
      body: parsed,
    });
    if (status >= 300) return this.json(res, status, { error: `sink told to answer ${status}` });
    this.json(res, 200, { id });
  }

  private json(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
