import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { signDeviceToken } from './device-token';

/** Audience of a "this computer" proof: never accepted as an agent credential, and vice versa. */
export const COMPUTER_PROOF_AUDIENCE = 'carebus-computer-proof';
export const COMPUTER_PROOF_TTL_SECONDS = 60;
export const DEFAULT_WHOAMI_PORT = 47615;

/**
 * The workstation service's answer to "which computer is this?" for the clinic UI in a browser on
 * the same computer: `GET /whoami` → `{device_id, proof}` on loopback only, with CORS headers for
 * the clinic UI's origins only, so other web pages cannot read it (docs/device-registry.md).
 */
export class WhoamiServer {
  private server?: Server;

  constructor(
    private readonly deviceId: string,
    private readonly privateKey: KeyObject,
    private readonly allowedOrigins: string[],
  ) {}

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async listen(port: number): Promise<void> {
    const server = createServer(
      (request, response) =>
        void this.answer(request.method ?? 'GET', request.url ?? '/', request.headers.origin, response),
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async answer(
    method: string,
    url: string,
    origin: string | undefined,
    response: ServerResponse,
  ): Promise<void> {
    const allowed = origin !== undefined && this.allowedOrigins.includes(origin);
    if (allowed) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
    }
    if (url.split('?')[0] !== '/whoami') return void response.writeHead(404).end();
    if (method === 'OPTIONS') {
      if (allowed) {
        response.setHeader('Access-Control-Allow-Methods', 'GET');
        // Chrome's Private Network Access: a page on the clinic UI's origin may reach loopback.
        response.setHeader('Access-Control-Allow-Private-Network', 'true');
      }
      return void response.writeHead(allowed ? 204 : 403).end();
    }
    if (method !== 'GET') return void response.writeHead(405, { Allow: 'GET, OPTIONS' }).end();
    // A browser page of another origin cannot read the answer (no CORS header); refuse it outright.
    if (origin !== undefined && !allowed) return void response.writeHead(403).end();
    const proof = await signDeviceToken(this.privateKey, this.deviceId, {
      audience: COMPUTER_PROOF_AUDIENCE,
      ttlSeconds: COMPUTER_PROOF_TTL_SECONDS,
    });
    response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end(JSON.stringify({ device_id: this.deviceId, proof }));
  }
}
