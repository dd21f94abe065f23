import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The portal's OAuth2 token endpoint (client credentials, RFC 6749 §4.4): the client id and
 * secret in HTTP Basic or in the form; answers a bearer token every partner call must carry.
 */
export class ClientTokens {
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly client: ClientCredentials,
    private readonly ttlSeconds: number,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request' });
    const form = new URLSearchParams(await readBody(req, 8 * 1024));
    if (form.get('grant_type') !== 'client_credentials')
      return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const basic = (req.headers.authorization ?? '').startsWith('Basic ')
      ? Buffer.from(req.headers.authorization!.slice(6), 'base64').toString('utf8').split(':')
      : [];
    const id = decodeURIComponent(basic[0] ?? form.get('client_id') ?? '');
    const secret = decodeURIComponent(basic[1] ?? form.get('client_secret') ?? '');
    if (!same(id, this.client.clientId) || !same(secret, this.client.clientSecret))
      return sendJson(res, 401, { error: 'invalid_client' });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, Date.now() + this.ttlSeconds * 1000);
    sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds });
  }

  valid(token: string | null): boolean {
    if (!token) return false;
    const until = this.tokens.get(token);
    return until !== undefined && until > Date.now();
  }

  /** Every token issued so far stops working (as when the portal rotates its signing keys). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
