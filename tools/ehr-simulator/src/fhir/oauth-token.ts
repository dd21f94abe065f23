import { sameSecret } from '../constant-time';
import type { ServerResponse } from 'node:http';
import type { ApiCall, ApiStyle, CommonError, SimulatorContext } from '../api-call';
import { readBody, sendJson } from '../http-io';

const ERRORS: Record<CommonError, [number, string]> = {
  unavailable: [503, 'temporarily_unavailable'],
  server_error: [500, 'server_error'],
  rate_limited: [429, 'slow_down'],
  not_found: [404, 'invalid_request'],
  too_large: [413, 'invalid_request'],
  bad_json: [400, 'invalid_request'],
};

/** `POST /oauth2/token`: OAuth2 client credentials (RFC 6749 §4.4) for the FHIR style. */
export class OAuthTokenEndpoint implements ApiStyle {
  constructor(private readonly ctx: SimulatorContext) {}

  async handle({ req, res, path }: ApiCall): Promise<void> {
    if (path !== '') return this.fail(res, 'not_found');
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request' }, { allow: 'POST' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'The body must be form-encoded.',
      });
    }
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== 'client_credentials') {
      return sendJson(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Only client_credentials.',
      });
    }
    const [clientId, clientSecret] = basicAuth(req.headers.authorization) ?? [
      form.get('client_id'),
      form.get('client_secret'),
    ];
    if (!clientId || !clientSecret)
      return sendJson(res, 400, {
        error: 'invalid_request',
        error_description: 'client_id and client_secret are required.',
      });
    const client = this.ctx.fhirClient;
    if (!sameSecret(clientId, client.clientId) || !sameSecret(clientSecret, client.clientSecret)) {
      return sendJson(
        res,
        401,
        { error: 'invalid_client', error_description: 'Unknown client or wrong secret.' },
        { 'www-authenticate': 'Basic realm="ehr-simulator"' },
      );
    }
    const { token } = this.ctx.fhirTokens.issue(this.ctx.tokenTtlSeconds);
    sendJson(
      res,
      200,
      {
        access_token: token,
        token_type: 'Bearer',
        expires_in: this.ctx.tokenTtlSeconds,
        scope: 'system/*.*',
      },
      { 'cache-control': 'no-store' },
    );
  }

  fail(res: ServerResponse, error: CommonError, retryAfterSeconds?: number): void {
    const [status, code] = ERRORS[error];
    sendJson(
      res,
      status,
      { error: code },
      retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
    );
  }
}

function basicAuth(header: string | undefined): [string, string] | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? null
    : [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
}
