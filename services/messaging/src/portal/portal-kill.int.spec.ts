import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { startPortalSimulator, type RunningPortalSimulator } from '@carebus/portal-simulator';
import {
  createTestDatabase,
  freePort,
  repoRoot,
  testKafkaEnv,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { isolatedMessagingEnv, provisionMessagingTopics } from '../../test/messaging-under-test';
import { nationalIds } from '../../test/national-ids';
import { FAST_RETRIES } from '../../test/portal-world';

const DIST = join(repoRoot(), 'services/messaging/dist');
const ANSWERS = 200;

/** The built service as a child process, as in production. */
class MessagingProcess {
  private child: ChildProcess | null = null;
  output = '';

  constructor(readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.env.HTTP_PORT}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { PATH: process.env.PATH, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    await waitFor(
      () =>
        fetch(`${this.url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeoutMs: 60_000, what: 'messaging ready' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its output ends with:\n${this.output.slice(-3000)}`);
    });
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    return new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/**
 * kill -9 of messaging while it drains 200 answers to a slow portal that also loses some 2xx
 * answers; a second process takes the leased rows over once their leases expire. Every answer
 * arrives at the portal exactly once.
 */
describe('kill -9 of messaging during the drain to the portal', () => {
  let db: TestDatabase;
  let issuer: DevIssuer;
  let portal: RunningPortalSimulator;
  let env: Record<string, string>;
  const processes: MessagingProcess[] = [];
  const clinicId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await DevIssuer.start({ port: 0 });
    portal = await startPortalSimulator({ seed: 'kill' });
    env = {
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_messaging_app'),
      DATABASE_MIGRATION_URL: db.url('carebus_messaging'),
      ...testKafkaEnv(),
      ...isolatedMessagingEnv(),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      MESSAGING_PORTAL_URL: portal.url,
      MESSAGING_PORTAL_CLIENT_ID: portal.credentials.clientId,
      MESSAGING_PORTAL_CLIENT_SECRET: portal.credentials.clientSecret,
      ...FAST_RETRIES,
      MESSAGING_PORTAL_LEASE_MS: '3000',
      MESSAGING_PORTAL_CONCURRENCY: '4',
    };
    await provisionMessagingTopics(env);
    const migrated = spawnSync(process.execPath, [join(DIST, 'migrate.js')], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
    });
    expect(migrated.status).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await portal?.close();
    await issuer?.stop();
    await db?.drop();
  });

  it('delivers all 200 answers exactly once across the kill and a restart', async () => {
    const first = new MessagingProcess(env);
    processes.push(first);
    await first.start();
    const staff = await issuer.mint({ sub: 'gp-kari', clinicId, roles: ['staff'] });
    const call = (url: string, path: string, body: unknown, token = staff) =>
      fetch(`${url}${path}`, {
        method: path.includes('national-id') ? 'PUT' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const patientId = randomUUID();
    const nationalId = nationalIds.birthNumber();
    expect(
      (await call(first.url, `/v1/clinics/${clinicId}/patients/${patientId}/national-id`, { nationalId }))
        .status,
    ).toBe(200);
    portal.admin.connectMessaging({
      url: first.url,
      token: () => issuer.mint({ sub: 'national-portal', clinicId, roles: ['partner'] }),
    });
    expect((await portal.admin.setCitizen(nationalId, 'active', true))?.status).toBe(200);

    await portal.admin.goDown();
    for (let i = 0; i < ANSWERS; i++) {
      const r = await call(first.url, `/v1/clinics/${clinicId}/portal-deliveries`, {
        patientId,
        kind: 'dialogue_answer',
        idempotencyKey: `kill-${i}-${randomUUID()}`,
        body: `Answer ${i}`,
      });
      expect(r.status).toBe(202);
    }
    // Slow answers and lost 2xx: the kill lands while calls are in flight.
    portal.admin.setFaults({ latencyMs: 40, lostAnswers: 10 });
    await portal.admin.goUp();
    await waitFor(() => portal.admin.messages().length >= 50, {
      timeoutMs: 60_000,
      what: '50 answers arrived',
    });
    await first.kill('SIGKILL');
    const arrivedBeforeKill = portal.admin.messages().length;
    expect(arrivedBeforeKill).toBeLessThan(ANSWERS);

    const second = new MessagingProcess({
      ...env,
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
    });
    processes.push(second);
    await second.start();
    const sql = new Client({ connectionString: db.url() });
    await sql.connect();
    try {
      await waitFor(
        async () => {
          const { rows } = await sql.query<{ pending: string }>(
            `SELECT count(*) FILTER (WHERE status <> 'delivered') AS pending FROM messaging.portal_deliveries`,
          );
          return Number(rows[0]!.pending) === 0;
        },
        { timeoutMs: 120_000, what: 'every answer delivered' },
      );
    } finally {
      await sql.end();
    }
    await second.kill('SIGTERM');
    const keys = portal.admin.messages().map((m) => m.idempotencyKey);
    expect(keys).toHaveLength(ANSWERS);
    expect(new Set(keys).size).toBe(ANSWERS);
    expect(new Set(portal.admin.messages().map((m) => m.body)).size).toBe(ANSWERS);
    // The number travels to the portal only: never in the processes' logs.
    expect(first.output + second.output).not.toContain(nationalId);
  }, 300_000);
});
