import { Logger } from '@nestjs/common';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  describeError,
  DomainError,
  NotFoundError,
  PROBLEM_CONTENT_TYPE,
  toProblem,
  translateError,
} from '@carebus/errors';
import type { DevMintOptions, DevTokenClaims } from './dev-token-minter';
import { parseDevTokenRequest } from './dev-token-request';

/** What the HTTP layer needs from the dev issuer. */
export interface DevIssuerEndpoints {
  jwks(): object;
  openIdConfiguration(): object;
  mint(claims: DevTokenClaims, opts?: DevMintOptions): Promise<string>;
}

const MAX_BODY_BYTES = 64 * 1024;

function send(
  response: ServerResponse,
  status: number,
  body: object,
  contentType = 'application/json',
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new DomainError('payload_too_large', 'request.too_large', 'The request body is too large.');
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    // Same shape the errors lib gives Express's body parser, so the code is recognisable.
    throw translateError({ type: 'entity.parse.failed' });
  }
}

async function issueToken(endpoints: DevIssuerEndpoints, request: IncomingMessage, response: ServerResponse) {
  const { claims, ttlSeconds } = parseDevTokenRequest(await readJson(request));
  const accessToken = await endpoints.mint(claims, { ttlSeconds });
  send(response, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds });
}

async function route(endpoints: DevIssuerEndpoints, request: IncomingMessage, response: ServerResponse) {
  const path = new URL(request.url ?? '/', 'http://dev-issuer').pathname;
  const endpoint = `${request.method} ${path}`;
  if (endpoint === 'GET /.well-known/jwks.json') return send(response, 200, endpoints.jwks());
  if (endpoint === 'GET /.well-known/openid-configuration')
    return send(response, 200, endpoints.openIdConfiguration());
  if (endpoint === 'GET /health') return send(response, 200, { status: 'ok' });
  if (endpoint === 'POST /token') return issueToken(endpoints, request, response);
  throw new NotFoundError('http.not_found', 'No such resource.');
}

const logger = new Logger('DevIssuer');

/** node:http listener for the dev issuer; every failure leaves as problem+json. */
export function devIssuerRequestListener(endpoints: DevIssuerEndpoints): RequestListener {
  return (request, response) => {
    route(endpoints, request, response).catch((error: unknown) => {
      const problem = toProblem(translateError(error), request.url?.split('?')[0]);
      if (problem.status >= 500) logger.error({ err: describeError(error) }, 'dev issuer request failed');
      if (response.headersSent) response.destroy();
      else send(response, problem.status, problem, PROBLEM_CONTENT_TYPE);
    });
  };
}
