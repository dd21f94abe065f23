import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminRoutes } from './admin/admin-routes';
import { SimulatorAdmin } from './admin/simulator-admin';
import type { ApiStyle, SimulatorContext } from './api-call';
import { Authorisations } from './authorisations';
import { AppointmentWrites } from './data/appointment-writes';
import { EhrStore } from './data/ehr-store';
import { IdempotencyKeys } from './data/idempotency-keys';
import { JournalNotes } from './data/journal-notes';
import { WriteJournal } from './data/write-journal';
import { SeededDataset } from './data/seeded-dataset';
import { FaultControl } from './faults';
import { FhirRoutes } from './fhir/fhir-routes';
import { OAuthTokenEndpoint } from './fhir/oauth-token';
import { BodyTooLarge } from './http-io';
import { RequestLog, type LoggedRequest } from './request-log';
import {
  DEFAULT_FHIR_CLIENT,
  DEFAULT_RECORD_HEADERS,
  DEFAULT_VENDOR_USER,
  type EhrSimulatorOptions,
} from './simulator-options';
import { VendorRoutes } from './vendor/vendor-routes';

export interface RunningEhrSimulator {
  url: string;
  fhirUrl: string;
  vendorUrl: string;
  port: number;
  adminToken: string;
  credentials: {
    fhir: { tokenUrl: string; clientId: string; clientSecret: string };
    vendor: { username: string; activationCode: string };
  };
  admin: SimulatorAdmin;
  close(): Promise<void>;
}

const STYLES: [string, LoggedRequest['style']][] = [
  ['/fhir/r4', 'fhir'],
  ['/oauth2/token', 'oauth'],
  ['/vendor/api/v2', 'vendor'],
];

/** Starts one simulated EHR that answers in both styles (docs/ehr-simulator.md). */
export async function startEhrSimulator(options: EhrSimulatorOptions = {}): Promise<RunningEhrSimulator> {
  const practitioners = options.practitioners ?? 5;
  const appointments = options.appointments ?? 1000;
  const dataset = new SeededDataset({
    seed: options.seed ?? 'carebus',
    practitioners,
    patients: options.patients ?? 200,
    appointments,
    scheduleStart: options.scheduleStart ?? '2026-01-05',
    scheduleDays: options.scheduleDays ?? Math.max(1, Math.ceil(appointments / (practitioners * 16))),
  });
  if (practitioners < 1 || dataset.size.patients < 1)
    throw new Error('The simulator needs at least one practitioner and one patient.');
  const store = new EhrStore(dataset);
  const journal = new WriteJournal();
  const ctx: SimulatorContext = {
    store,
    writes: new AppointmentWrites(store, journal),
    journal,
    notes: new JournalNotes(journal, (id) => store.get('patient', id) !== null),
    idempotency: new IdempotencyKeys(),
    faults: new FaultControl(),
    fhirTokens: new Authorisations(),
    vendorSessions: new Authorisations(),
    fhirClient: options.fhirClient ?? DEFAULT_FHIR_CLIENT,
    vendorUser: options.vendorUser ?? DEFAULT_VENDOR_USER,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
  };
  const log = new RequestLog((options.recordHeaders ?? DEFAULT_RECORD_HEADERS).map((h) => h.toLowerCase()));
  const adminToken = options.adminToken ?? randomBytes(18).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const styles: Record<LoggedRequest['style'], ApiStyle> = {
    fhir: new FhirRoutes(ctx),
    oauth: new OAuthTokenEndpoint(ctx),
    vendor: new VendorRoutes(ctx),
  };
  let server: Server | null = null;
  let port = options.port ?? 0;
  const listening = {
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
  const admin = new SimulatorAdmin(ctx, log, listening);
  const adminRoutes = new AdminRoutes(admin, adminToken);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const found = STYLES.find(([prefix]) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
    const style = found ? styles[found[1]] : null;
    try {
      if (url.pathname.startsWith('/_admin/'))
        return await adminRoutes.handle(req, res, url.pathname.slice('/_admin'.length));
      if (!found || !style)
        return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      const [prefix, name] = found;
      res.on('close', () =>
        log.add(logEntry(log, req, url.pathname, name, res.headersSent ? res.statusCode : 0)),
      );
      if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);
      const fault = ctx.faults.take();
      if (fault?.kind === 'reset') return void req.socket.destroy();
      if (fault?.kind === 'unavailable') return style.fail(res, 'unavailable', 30);
      if (fault?.kind === 'server_error') return style.fail(res, 'server_error');
      if (fault?.kind === 'rate_limited') return style.fail(res, 'rate_limited', fault.retryAfterSeconds);
      const base = `http://${req.headers.host ?? host}${prefix}`;
      await style.handle({ req, res, url, path: url.pathname.slice(prefix.length), base });
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyTooLarge && style) return style.fail(res, 'too_large');
      if (style) return style.fail(res, 'server_error');
      res.writeHead(500).end();
    }
  }

  await listening.goOnline();
  const url = `http://${host}:${port}`;
  return {
    url,
    fhirUrl: `${url}/fhir/r4`,
    vendorUrl: `${url}/vendor/api/v2`,
    port,
    adminToken,
    credentials: { fhir: { tokenUrl: `${url}/oauth2/token`, ...ctx.fhirClient }, vendor: ctx.vendorUser },
    admin,
    close: () => listening.goOffline(),
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

function logEntry(
  log: RequestLog,
  req: IncomingMessage,
  path: string,
  style: LoggedRequest['style'],
  status: number,
): LoggedRequest {
  const headers: Record<string, string> = {};
  for (const name of log.recordHeaders) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return { at: new Date().toISOString(), method: req.method ?? 'GET', path, style, status, headers };
}
