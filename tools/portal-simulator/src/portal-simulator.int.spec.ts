import { randomUUID } from 'node:crypto';
import { startPortalSimulator, type RunningPortalSimulator } from './portal-simulator';

const NID = '01018512345';

/** The portal simulator on a real socket: client credentials, idempotent inbound, faults, down and up. */
describe('portal simulator', () => {
  let portal: RunningPortalSimulator;

  beforeAll(async () => {
    portal = await startPortalSimulator({ seed: 'spec' });
  });
  afterAll(async () => portal?.close());
  beforeEach(() => {
    portal.admin.clearFaults();
    portal.admin.clearMessages();
  });

  async function token(secret = portal.credentials.clientSecret): Promise<Response> {
    const basic = Buffer.from(`${portal.credentials.clientId}:${secret}`).toString('base64');
    return fetch(portal.credentials.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
  }

  async function bearer(): Promise<string> {
    return ((await (await token()).json()) as { access_token: string }).access_token;
  }

  const message = (over: Record<string, unknown> = {}) => ({
    clinicId: randomUUID(),
    nationalId: NID,
    kind: 'dialogue_answer',
    body: 'Your test results are fine.',
    ...over,
  });

  async function deliver(key: string, body: unknown, auth?: string): Promise<Response> {
    return fetch(`${portal.url}/api/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${auth ?? (await bearer())}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
  }

  it('issues tokens for the client credentials only', async () => {
    expect((await token()).status).toBe(200);
    expect((await token('wrong')).status).toBe(401);
    expect((await deliver(randomUUID(), message(), 'not-a-token')).status).toBe(401);
  });

  it('stores a message once per idempotency key and records every attempt', async () => {
    await portal.admin.setCitizen(NID, 'active', true);
    const key = randomUUID();
    expect((await deliver(key, message())).status).toBe(201);
    const again = await deliver(key, message());
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect(portal.admin.messages()).toHaveLength(1);
    expect(portal.admin.attempts().map((a) => a.outcome)).toEqual(['stored', 'duplicate']);
  });

  it('refuses citizens without an active account and consent, and malformed messages', async () => {
    await portal.admin.setCitizen(NID, 'inactive', true);
    expect((await deliver(randomUUID(), message())).status).toBe(422);
    await portal.admin.setCitizen(NID, 'active', true);
    expect((await deliver(randomUUID(), message({ kind: 'letter' }))).status).toBe(400);
    expect((await deliver('short', message())).status).toBe(400);
    expect(portal.admin.messages()).toHaveLength(0);
  });

  it('answers 503, 429 with Retry-After, and resets as told, then recovers', async () => {
    await portal.admin.setCitizen(NID, 'active', true);
    const auth = await bearer();
    portal.admin.setFaults({ serverErrors: 1, rateLimited: 1, retryAfterSeconds: 7, resets: 1 });
    await expect(deliver(randomUUID(), message(), auth)).rejects.toThrow();
    expect((await deliver(randomUUID(), message(), auth)).status).toBe(503);
    const limited = await deliver(randomUUID(), message(), auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await deliver(randomUUID(), message(), auth)).status).toBe(201);
    expect(portal.admin.attempts().map((a) => a.outcome)).toEqual([
      'reset',
      'server_error',
      'rate_limited',
      'stored',
    ]);
  });

  it('a lost answer keeps the message: the retry with the same key is a duplicate', async () => {
    await portal.admin.setCitizen(NID, 'active', true);
    portal.admin.setFaults({ lostAnswers: 1 });
    const key = randomUUID();
    await expect(deliver(key, message())).rejects.toThrow();
    expect((await deliver(key, message())).status).toBe(200);
    expect(portal.admin.messages()).toHaveLength(1);
  });

  it('goes down (connection refused) and comes back on the same port', async () => {
    await portal.admin.setCitizen(NID, 'active', true);
    const auth = await bearer();
    await portal.admin.goDown();
    await expect(deliver(randomUUID(), message(), auth)).rejects.toThrow();
    await portal.admin.goUp();
    expect((await deliver(randomUUID(), message(), auth)).status).toBe(201);
  });

  it('serves /_admin with its token only', async () => {
    const admin = { authorization: `Bearer ${portal.adminToken}`, 'content-type': 'application/json' };
    expect((await fetch(`${portal.url}/_admin/messages`)).status).toBe(401);
    const set = await fetch(`${portal.url}/_admin/faults`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ serverErrors: 2 }),
    });
    expect(set.status).toBe(200);
    expect(portal.admin.faultsNow().serverErrors).toBe(2);
    const bad = await fetch(`${portal.url}/_admin/faults`, {
      method: 'PUT',
      headers: admin,
      body: '{"x":1}',
    });
    expect(bad.status).toBe(400);
    const citizen = await fetch(`${portal.url}/_admin/citizens`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ nationalId: NID, account: 'active', consent: false }),
    });
    expect(await citizen.json()).toEqual({ pushedToMessaging: null });
    expect(portal.admin.citizens()).toEqual([{ nationalId: NID, account: 'active', consent: false }]);
  });
});
