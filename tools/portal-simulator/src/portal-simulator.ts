import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminRoutes } from './admin-routes';
import { ClientTokens, type ClientCredentials } from './client-tokens';
import { FaultControl } from './faults';
import { BodyTooLarge, BodyUnreadable, sendJson } from './http-io';
import { InboundAttachments } from './inbound-attachments';
import { InboundMessages } from './inbound-messages';
import type { MessagingPartnerOptions } from './messaging-partner';
import { PortalAdmin } from './portal-admin';
import { PortalStore } from './portal-store';

/** `PUT /api/v1/messages/{messageKey}/attachments`: a file on a message delivered before. */
const ATTACHMENTS_PATH = /^\/api\/v1\/messages\/([^/]+)\/attachments$/;

export interface PortalSimulatorOptions {
  /** 0 (default): a free port. The port is kept across down/up. */
  port?: number;
  host?: string;
  /** Seeds the generated client credentials and admin token when they are not given. */
  seed?: string;
  client?: ClientCredentials;
  adminToken?: string;
  tokenTtlSeconds?: number;
  /** The clinic's messaging partner API: where citizen changes (and dialogues) are pushed. */
  messaging?: MessagingPartnerOptions;
}

export interface RunningPortalSimulator {
  url: string;
  port: number;
  /** What the clinic platform signs in with (OAuth2 client credentials at tokenUrl). */
  credentials: { tokenUrl: string; clientId: string; clientSecret: string };
  adminToken: string;
  admin: PortalAdmin;
  close(): Promise<void>;
}

/** Starts a stand-in for the national health portal as a partner system (docs/portal-simulator.md). */
export async function startPortalSimulator(
  options: PortalSimulatorOptions = {},
): Promise<RunningPortalSimulator> {
  const host = options.host ?? '127.0.0.1';
  const client = options.client ?? {
    clientId: `carebus-${options.seed ?? 'portal'}`,
    clientSecret: randomBytes(24).toString('base64url'),
  };
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const store = new PortalStore();
  const faults = new FaultControl();
  const tokens = new ClientTokens(client, options.tokenTtlSeconds ?? 3600);
  const inbound = new InboundMessages(store, tokens, faults);
  const attachments = new InboundAttachments(store, tokens, faults);
  let server: Server | null = null;
  let port = options.port ?? 0;
  const listening = {
    online: () => server !== null,
    goOffline: async () => {
      const current = server;
      server = null;
      if (!current) return;
      current.closeAllConnections();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    goOnline: async () => {
      if (server) return;
      server = await listen(host, port, (req, res) => void serve(req, res));
      port = (server.address() as AddressInfo).port;
    },
  };
  const admin = new PortalAdmin(store, faults, tokens, listening, null);
  if (options.messaging) admin.connectMessaging(options.messaging);
  const adminRoutes = new AdminRoutes(admin, adminToken);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://portal').pathname;
    try {
      if (path.startsWith('/_admin/'))
        return await adminRoutes.handle(req, res, path.slice('/_admin'.length));
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (path === '/oauth2/token') return await tokens.handle(req, res);
      if (path === '/api/v1/messages' && req.method === 'POST') return await inbound.handle(req, res);
      const attachmentTo = ATTACHMENTS_PATH.exec(path);
      if (attachmentTo && req.method === 'PUT')
        return await attachments.handle(req, res, decodeURIComponent(attachmentTo[1]!));
      sendJson(res, 404, { error: 'not_found' });
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLarge) return sendJson(res, 413, { error: 'too_large' });
      if (error instanceof BodyUnreadable) return sendJson(res, 400, { error: 'invalid_json' });
      sendJson(res, 500, { error: 'server_error' });
    }
  }

  await listening.goOnline();
  const url = `http://${host}:${port}`;
  return {
    url,
    port,
    credentials: { tokenUrl: `${url}/oauth2/token`, ...client },
    adminToken,
    admin,
    close: () => {
      admin.disconnect();
      return listening.goOffline();
    },
  };
}

function listen(
  host: string,
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
