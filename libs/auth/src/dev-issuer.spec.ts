import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DevIssuer } from './dev-issuer';
import { JwtVerifier } from './jwt-verifier';

const CLINIC = '9d0f3a52-1c1e-4f7b-9a57-3c3a3e8b2d77';

const verifierFor = (issuer: DevIssuer) =>
  new JwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: 'carebus' });

async function postToken(issuer: DevIssuer, body: unknown): Promise<Response> {
  return fetch(`${issuer.baseUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('DevIssuer over HTTP', () => {
  let issuer: DevIssuer;

  beforeAll(async () => {
    issuer = await DevIssuer.start();
  });
  afterAll(() => issuer.stop());

  it('serves its JWKS, discovery document and health', async () => {
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const discovery = await (await fetch(`${issuer.baseUrl}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUrl });
    expect(await (await fetch(`${issuer.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('issues a guardian token naming the patient it acts for', async () => {
    const response = await postToken(issuer, {
      sub: 'parent',
      clinic_id: CLINIC,
      roles: ['guardian'],
      patient_id: '0b5e1f3a-7c2d-4e8f-9a10-000000000004',
    });
    const body = (await response.json()) as { access_token: string };
    expect(await verifierFor(issuer).verify(body.access_token)).toMatchObject({
      roles: ['guardian'],
      patientId: '0b5e1f3a-7c2d-4e8f-9a10-000000000004',
    });
  });

  it('issues a token at POST /token that the verifier accepts', async () => {
    const response = await postToken(issuer, {
      sub: 'dev-user',
      clinic_id: CLINIC,
      roles: ['staff'],
      scope: 'appointments:read',
      client_id: 'cli',
      ttl_seconds: 600,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(await verifierFor(issuer).verify(body.access_token)).toMatchObject({
      subject: 'dev-user',
      clinicId: CLINIC,
      roles: ['staff'],
      scopes: ['appointments:read'],
      clientId: 'cli',
    });
  });

  it.each([
    ['a missing sub', { clinic_id: CLINIC }, 'sub'],
    ['an unknown role', { sub: 'u', clinic_id: CLINIC, roles: ['root'] }, 'roles'],
    ['a missing clinic for a non-operator', { sub: 'u', roles: ['staff'] }, 'clinic_id'],
    ['a bad ttl', { sub: 'u', clinic_id: CLINIC, ttl_seconds: -5 }, 'ttl_seconds'],
    ['an unknown field', { sub: 'u', clinic_id: CLINIC, admin: true }, 'admin'],
  ])('rejects %s with 400 problem+json', async (_name, body, field) => {
    const response = await postToken(issuer, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { code: string; errors: { field: string }[] };
    expect(problem.code).toBe('validation.failed');
    expect(problem.errors.map((e) => e.field)).toContain(field);
  });

  it('rejects malformed JSON with 400 request.malformed_json', async () => {
    const response = await postToken(issuer, '{"sub":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'request.malformed_json' });
  });

  it('answers 404 problem+json for anything else', async () => {
    const response = await fetch(`${issuer.baseUrl}/token`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'http.not_found' });
  });
});

describe('DevIssuer key file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'carebus-dev-issuer-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps tokens valid across a restart with the same key file', async () => {
    const keyFile = join(dir, 'nested', 'key.json');
    const first = await DevIssuer.start({ keyFile });
    const token = await first.mint({ sub: 'u', clinicId: CLINIC, roles: ['patient'] });
    const { port } = first;
    await first.stop();

    const second = await DevIssuer.start({ keyFile, port });
    try {
      expect(second.issuer).toBe(first.issuer);
      expect(await verifierFor(second).verify(token)).toMatchObject({ subject: 'u', roles: ['patient'] });
    } finally {
      await second.stop();
    }
  });

  it('answers a request that arrives while it is still creating its key', async () => {
    const port = await unusedPort();
    const starting = DevIssuer.start({ keyFile: join(dir, 'key.json'), port });
    // Knock until the socket accepts: the first request it takes may land while the key is made.
    let first: Response | undefined;
    while (!first) {
      first = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3_000) }).catch(
        (error: Error) => {
          if (error.name === 'TimeoutError') throw new Error('the early request was never answered');
          return undefined; // not listening yet
        },
      );
    }
    expect(first.status).toBe(200);
    await (await starting).stop();
  });

  it('stores a private RSA JWK readable only by its owner', async () => {
    const keyFile = join(dir, 'key.json');
    const issuer = await DevIssuer.start({ keyFile });
    await issuer.stop();
    const jwk = JSON.parse(await readFile(keyFile, 'utf8'));
    expect(jwk).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      d: expect.any(String),
      kid: issuer.jwks().keys[0]?.kid,
    });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it('agrees on one key when two issuers create the file at once', async () => {
    const keyFile = join(dir, 'key.json');
    const [a, b] = await Promise.all([DevIssuer.start({ keyFile }), DevIssuer.start({ keyFile })]);
    await Promise.all([a.stop(), b.stop()]);
    expect(a.jwks().keys[0]?.kid).toBe(b.jwks().keys[0]?.kid);
  });

  it('refuses a key file that is not a private JWK', async () => {
    const keyFile = join(dir, 'key.json');
    await writeFile(keyFile, '{"kty":"oct"}');
    await expect(DevIssuer.start({ keyFile })).rejects.toThrow(/does not hold an RSA private JWK/);
  });
});

/** A port nothing listens on right now. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
