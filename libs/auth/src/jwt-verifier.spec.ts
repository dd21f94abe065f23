import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '@carebus/errors';
import { SignJWT } from 'jose';
import { DevIssuer } from './dev-issuer';
import { JwtVerifier } from './jwt-verifier';

const CLINIC = '6f1c2a9e-6a51-4c41-9f0e-2b6f4f7f4c11';

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('JwtVerifier', () => {
  let issuer: DevIssuer;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    issuer = await DevIssuer.start();
    verifier = new JwtVerifier({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer, audience: 'carebus' });
  });
  afterAll(() => issuer.stop());

  it('accepts a good token and maps its claims', async () => {
    const token = await issuer.mint(
      {
        sub: 'user-1',
        clinicId: CLINIC,
        roles: ['practitioner'],
        scopes: ['appointments:read', 'notes:write'],
        clientId: 'web',
      },
      { overrideClaims: { roles: ['practitioner', 'astronaut'] } },
    );
    const principal = await verifier.verify(token);
    expect(principal).toEqual({
      subject: 'user-1',
      clinicId: CLINIC,
      roles: ['practitioner'],
      scopes: ['appointments:read', 'notes:write'],
      clientId: 'web',
      tokenId: expect.any(String),
    });
  });

  it('accepts an operator without a clinic', async () => {
    const principal = await verifier.verify(await issuer.mint({ sub: 'op-1', roles: ['operator'] }));
    expect(principal.clinicId).toBeNull();
  });

  it.each([
    ['an empty token', () => Promise.resolve(''), 'auth.token_missing'],
    [
      'an expired token',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { expiresAt: new Date(Date.now() - 3600_000) }),
      'auth.token_expired',
    ],
    [
      'a wrong issuer',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { issuer: 'https://evil.example' }),
      'auth.issuer_mismatch',
    ],
    [
      'a wrong audience',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { audience: 'someone-else' }),
      'auth.audience_mismatch',
    ],
    [
      'a foreign signature',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { signWithForeignKey: true }),
      'auth.token_invalid',
    ],
    ['alg none', () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { algNone: true }), 'auth.token_invalid'],
    ['a malformed token', () => Promise.resolve('not.a.jwt'), 'auth.token_invalid'],
    [
      'a missing sub',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { overrideClaims: { sub: undefined } }),
      'auth.token_invalid',
    ],
    [
      'a missing exp',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { overrideClaims: { exp: undefined } }),
      'auth.token_invalid',
    ],
    [
      'a missing clinic for a non-operator',
      () => issuer.mint({ sub: 'u', roles: ['staff'] }),
      'auth.token_invalid',
    ],
    [
      'roles that are not an array',
      () => issuer.mint({ sub: 'u', clinicId: CLINIC }, { overrideClaims: { roles: 'staff' } }),
      'auth.token_invalid',
    ],
  ])('rejects %s', async (_name, token, code) => {
    const error = await failure(verifier.verify(await token()));
    expect(error).toMatchObject({ kind: 'unauthenticated', code });
  });

  it('rejects an HS256 token', async () => {
    const token = await new SignJWT({ sub: 'u', clinic_id: CLINIC })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer.issuer)
      .setAudience('carebus')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough'));
    expect(await failure(verifier.verify(token))).toMatchObject({ code: 'auth.token_invalid' });
  });

  it('rejects a token signed with a key the JWKS does not hold', async () => {
    const stranger = await DevIssuer.start({ issuer: issuer.issuer });
    try {
      const token = await stranger.mint({ sub: 'u', clinicId: CLINIC });
      expect(await failure(verifier.verify(token))).toMatchObject({ code: 'auth.token_invalid' });
    } finally {
      await stranger.stop();
    }
  });

  it('does not echo the token in its message', async () => {
    const token = await issuer.mint({ sub: 'u', clinicId: CLINIC }, { signWithForeignKey: true });
    const error = await failure(verifier.verify(token));
    expect(error.message).not.toContain(token.split('.')[1]);
  });

  it('honours the injected clock', async () => {
    const token = await issuer.mint({ sub: 'u', clinicId: CLINIC }, { ttlSeconds: 60 });
    const later = new JwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: 'carebus',
      clockToleranceSeconds: 0,
      now: () => new Date(Date.now() + 120_000),
    });
    expect(await failure(later.verify(token))).toMatchObject({ code: 'auth.token_expired' });
  });

  it('still rejects a token once it expires after it was verified and cached', async () => {
    let now = Date.now();
    const clocked = new JwtVerifier({
      jwksUrl: issuer.jwksUrl,
      issuer: issuer.issuer,
      audience: 'carebus',
      clockToleranceSeconds: 0,
      now: () => new Date(now),
    });
    const token = await issuer.mint({ sub: 'u', clinicId: CLINIC }, { ttlSeconds: 60 });
    expect((await clocked.verify(token)).subject).toBe('u');
    expect((await clocked.verify(token)).subject).toBe('u');
    now += 61_000;
    expect(await failure(clocked.verify(token))).toMatchObject({ code: 'auth.token_expired' });
  });

  it('never caches a rejected token', async () => {
    const token = await issuer.mint({ sub: 'u', clinicId: CLINIC }, { ttlSeconds: 60 });
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(await failure(verifier.verify(tampered))).toMatchObject({ code: 'auth.token_invalid' });
    expect(await failure(verifier.verify(tampered))).toMatchObject({ code: 'auth.token_invalid' });
  });

  it('answers 503 auth.jwks_unavailable when the JWKS cannot be fetched', async () => {
    const gone = await DevIssuer.start();
    const token = await gone.mint({ sub: 'u', clinicId: CLINIC });
    await gone.stop();
    const orphan = new JwtVerifier({ jwksUrl: gone.jwksUrl, issuer: gone.issuer, audience: 'carebus' });
    expect(await failure(orphan.verify(token))).toMatchObject({
      kind: 'unavailable',
      code: 'auth.jwks_unavailable',
    });
  });

  it('answers 503 auth.jwks_unavailable when the JWKS endpoint fails', async () => {
    const broken = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = broken.address() as AddressInfo;
      const viaBroken = new JwtVerifier({
        jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        issuer: issuer.issuer,
        audience: 'carebus',
      });
      const token = await issuer.mint({ sub: 'u', clinicId: CLINIC });
      expect(await failure(viaBroken.verify(token))).toMatchObject({ code: 'auth.jwks_unavailable' });
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});
