import { sameSecret } from '../constant-time';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord, parseJson, readBody, sendJson } from '../http-io';
import { parseFaults } from './parse-faults';
import { AdminRefusal, type AdminAppointment, type SimulatorAdmin } from './simulator-admin';

/** `/_admin/*` over HTTP, behind `X-Admin-Token`; never affected by faults. */
export class AdminRoutes {
  constructor(
    private readonly admin: SimulatorAdmin,
    private readonly adminToken: string,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const token = req.headers['x-admin-token'];
    if (typeof token !== 'string' || !sameSecret(token, this.adminToken))
      return sendJson(res, 401, { error: 'admin_token_required' });
    const method = req.method ?? 'GET';
    const body = method === 'POST' || method === 'PUT' ? parseJson((await readBody(req)) || '{}') : undefined;
    try {
      this.route(res, method, path, body);
    } catch (error) {
      if (!(error instanceof AdminRefusal)) throw error;
      sendJson(res, error.reason === 'not_found' ? 404 : 422, {
        error: error.reason,
        message: error.message,
      });
    }
  }

  private route(res: ServerResponse, method: string, path: string, body: unknown): void {
    const admin = this.admin;
    const appointment = /^\/appointments\/([^/]+)\/(cancel|reschedule)$/.exec(path);
    if (path === '/faults' && method === 'GET') return sendJson(res, 200, admin.faults());
    if (path === '/faults' && method === 'PUT') {
      const faults = parseFaults(body);
      if (typeof faults === 'string') return sendJson(res, 400, { error: 'invalid_faults', message: faults });
      admin.setFaults(faults);
      return sendJson(res, 200, admin.faults());
    }
    if (path === '/faults' && method === 'DELETE') return this.done(res, () => admin.clearFaults());
    if (path === '/deauthorize' && method === 'POST') return this.done(res, () => admin.deauthorize());
    if (path === '/requests' && method === 'GET') return sendJson(res, 200, { items: admin.requests() });
    if (path === '/requests' && method === 'DELETE') return this.done(res, () => admin.clearRequests());
    if (path === '/writes' && method === 'GET') return sendJson(res, 200, { items: admin.writes() });
    if (path === '/writes' && method === 'DELETE') return this.done(res, () => admin.clearWrites());
    if (path === '/state' && method === 'GET') return sendJson(res, 200, admin.state());
    if (!isRecord(body) && method === 'POST') return sendJson(res, 400, { error: 'invalid_body' });
    const input = body as Record<string, unknown>;
    if (path === '/appointments' && method === 'POST')
      return sendJson(res, 201, admin.createAppointment(input as unknown as AdminAppointment));
    if (appointment && method === 'POST' && appointment[2] === 'cancel')
      return sendJson(res, 200, admin.cancelAppointment(appointment[1]!));
    if (appointment && method === 'POST') {
      return sendJson(
        res,
        200,
        admin.rescheduleAppointment(appointment[1]!, String(input.start), String(input.end)),
      );
    }
    sendJson(res, 404, { error: 'not_found' });
  }

  private done(res: ServerResponse, action: () => void): void {
    action();
    res.writeHead(204).end();
  }
}
