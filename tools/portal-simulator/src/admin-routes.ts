import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerOf, readJsonObject, sendJson } from './http-io';
import type { PortalFaults } from './faults';
import type { PortalAdmin } from './portal-admin';

const FAULT_FIELDS = [
  'latencyMs',
  'serverErrors',
  'rateLimited',
  'retryAfterSeconds',
  'resets',
  'lostAnswers',
];

function faultsOf(body: Record<string, unknown>): PortalFaults | null {
  const faults: Record<string, number> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!FAULT_FIELDS.includes(name)) return null;
    if (value === 'always') faults[name] = Number.POSITIVE_INFINITY;
    else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) faults[name] = value;
    else return null;
  }
  return faults as PortalFaults;
}

/**
 * `/_admin` over HTTP for the demo and other processes (bearer: the admin token). `down` closes
 * the portal's socket, so only `up`, called in-process, brings it back; over HTTP use `down` with
 * `forSeconds`.
 */
export class AdminRoutes {
  constructor(
    private readonly admin: PortalAdmin,
    private readonly adminToken: string,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (bearerOf(req) !== this.adminToken) return sendJson(res, 401, { error: 'admin_token_required' });
    const route = `${req.method} ${path}`;
    if (route === 'GET /messages') return sendJson(res, 200, { items: this.admin.messages() });
    if (route === 'GET /attempts') return sendJson(res, 200, { items: this.admin.attempts() });
    if (route === 'GET /citizens') return sendJson(res, 200, { items: this.admin.citizens() });
    if (route === 'DELETE /faults') {
      this.admin.clearFaults();
      return sendJson(res, 200, this.admin.faultsNow());
    }
    if (route === 'PUT /faults') {
      const faults = faultsOf(await readJsonObject(req));
      if (!faults) return sendJson(res, 400, { error: 'invalid_faults', fields: FAULT_FIELDS });
      this.admin.setFaults(faults);
      return sendJson(res, 200, this.admin.faultsNow());
    }
    if (route === 'PUT /citizens') {
      const body = await readJsonObject(req);
      const { nationalId, account, consent } = body;
      if (typeof nationalId !== 'string' || !/^\d{11}$/.test(nationalId))
        return sendJson(res, 400, { error: 'invalid_nationalId' });
      if (account !== 'active' && account !== 'inactive' && account !== 'none')
        return sendJson(res, 400, { error: 'invalid_account' });
      if (typeof consent !== 'boolean') return sendJson(res, 400, { error: 'invalid_consent' });
      const pushed = await this.admin.setCitizen(nationalId, account, consent);
      return sendJson(res, 200, { pushedToMessaging: pushed?.status ?? null });
    }
    if (route === 'POST /down') {
      const body = await readJsonObject(req).catch(() => ({}) as Record<string, unknown>);
      const seconds = typeof body.forSeconds === 'number' && body.forSeconds > 0 ? body.forSeconds : 30;
      sendJson(res, 202, { downForSeconds: seconds });
      res.on('finish', () => {
        void this.admin.goDown().then(() => setTimeout(() => void this.admin.goUp(), seconds * 1000).unref());
      });
      return;
    }
    sendJson(res, 404, { error: 'not_found' });
  }
}
