import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ServiceConfig } from '@carebus/platform';
import { repoRoot } from './repo-root';
import { testKafkaEnv } from './infra-env';
import { startTestService, type ServiceUnderTest, type TestService } from './test-service';
import { freePort } from './free-port';
import { OtlpReceiver, type OtlpSpan } from './phi/otlp-receiver';
import { builtServiceMain, ServiceProcess } from './service-process';
import { waitFor } from './wait-for';

/**
 * What every Carebus service must do at its edge, checked over real sockets against real
 * PostgreSQL and Kafka: health, readiness that follows the database, metrics, problem+json,
 * the checked-in OpenAPI document, and fail-fast configuration of the built binary.
 * Set CAREBUS_UPDATE_OPENAPI=1 to rewrite the checked-in document instead of comparing.
 */
export function describeServiceConformance<C extends ServiceConfig>(service: ServiceUnderTest<C>): void {
  const folder = join(repoRoot(), 'services', service.name);

  const builtMain = () => builtServiceMain(service.name);

  describe(`${service.name} service conformance`, () => {
    let svc: TestService;

    beforeAll(async () => {
      svc = await startTestService(service);
    });

    afterAll(async () => {
      await svc?.close();
    });

    it('answers /health/live', async () => {
      const res = await fetch(`${svc.url}/health/live`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('is ready when PostgreSQL and Kafka answer', async () => {
      const res = await fetch(`${svc.url}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'up', kafka: 'up' } });
    });

    it('turns not-ready while PostgreSQL is unreachable, with statuses only, and ready again when it returns', async () => {
      await svc.dbProxy.cut();
      const down = await waitFor(
        async () => {
          const res = await fetch(`${svc.url}/health/ready`);
          return res.status === 503 ? await res.text() : undefined;
        },
        { what: 'readiness 503', timeoutMs: 15_000 },
      );
      // No error message, host, port or stack: only what a probe needs.
      expect(JSON.parse(down)).toEqual({ status: 'error', checks: { postgres: 'down', kafka: 'up' } });
      expect(down).not.toMatch(/ECONNREFUSED|timeout|127\.0\.0\.1|localhost|message|stack/i);
      await svc.dbProxy.start();
      await waitFor(async () => (await fetch(`${svc.url}/health/ready`)).status === 200, {
        what: 'readiness 200 after PostgreSQL returned',
        timeoutMs: 15_000,
      });
    });

    it('exposes Prometheus metrics, including its outbox relay', async () => {
      await (await fetch(`${svc.url}/v1/definitely-not-a-route`)).text();
      const text = await waitFor(
        async () => {
          const body = await (await fetch(`${svc.url}/metrics`)).text();
          const counted = /http_request_duration_seconds_count\{[^}]*route="unmatched",status="404"/.test(
            body,
          );
          // The service's outbox relay runs and leads (nothing else relays this test database); after
          // the database cut above it may take a few seconds to reconnect.
          const leading = /carebus_outbox_relay_leader\{schema="[a-z_]+"\} 1/.test(body);
          return counted && leading && body;
        },
        { what: 'the 404 counted and the outbox relay leading', timeoutMs: 20_000 },
      );
      expect(text).toContain('process_cpu_seconds_total');
    });

    it('answers an unknown route with problem+json, not HTML', async () => {
      const res = await fetch(`${svc.url}/v1/definitely-not-a-route`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, code: 'http.not_found' });
    });

    it("serves dead letters' metadata to operators and clinic admins, the payload only behind break-glass", async () => {
      const url = `${svc.url}/v1/admin/dead-letters?group=no-such-group-${Date.now()}&limit=5`;
      const clinicId = '00000000-0000-4000-8000-000000000001';
      const bearer = async (claims: Parameters<TestService['issuer']['mint']>[0]) => ({
        authorization: `Bearer ${await svc.issuer.mint(claims)}`,
      });
      const staff = await fetch(url, { headers: await bearer({ sub: 'staff', clinicId, roles: ['staff'] }) });
      expect(staff.status).toBe(403);
      for (const claims of [
        { sub: 'admin', clinicId, roles: ['clinic_admin' as const] },
        { sub: 'ops', roles: ['operator' as const] },
      ]) {
        const allowed = await fetch(url, { headers: await bearer(claims) });
        expect(allowed.status).toBe(200);
        expect(await allowed.json()).toEqual({ items: [] });
      }
      // Without the scope the payload is refused before anything is read, and the refusal audited.
      const payload = await fetch(`${svc.url}/v1/admin/dead-letters/no-such-topic.dlq/0/0/payload`, {
        headers: {
          ...(await bearer({ sub: 'ops-no-scope', roles: ['operator'] })),
          'break-glass-reason': 'INC-1',
        },
      });
      expect(payload.status).toBe(403);
      expect(await payload.json()).toMatchObject({ code: 'dead_letters.payload_scope_required' });
      const db = new Client({ connectionString: svc.db.url() });
      await db.connect();
      try {
        const { rows } = await db.query(
          `SELECT action, outcome, reason FROM ${service.schema}.audit_log WHERE subject = 'ops-no-scope'`,
        );
        expect(rows).toEqual([{ action: 'dead_letter.read_payload', outcome: 'denied', reason: 'INC-1' }]);
      } finally {
        await db.end();
      }
    });

    it('forces row-level security on every table with a clinic, the outbox and the inbox', async () => {
      const tables = await asSuperuser(svc, (db) =>
        db.query<{ name: string; rls: boolean; forced: boolean; policies: number; clinic: boolean }>(
          `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                  (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)::int AS policies,
                  EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped) AS clinic
             FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p')
             ORDER BY c.relname`,
          [service.schema],
        ),
      );
      const guarded = tables.rows.filter((t) => t.rls);
      expect(guarded.map((t) => t.name)).toEqual(
        expect.arrayContaining(['audit_log', 'outbox', 'processed_events']),
      );
      // Every table with a clinic is under row-level security, and every such table binds its owner.
      expect(tables.rows.filter((t) => t.clinic && !t.rls).map((t) => t.name)).toEqual([]);
      expect(guarded.filter((t) => !t.forced || t.policies === 0).map((t) => t.name)).toEqual([]);
    });

    it("shows the owner role without a tenant no clinic's rows, in any table or the outbox", async () => {
      const clinicId = '00000000-0000-4000-8000-0000000000c1';
      // An event of a clinic, written past row-level security (the outbox has no other row yet).
      await asSuperuser(svc, (db) =>
        db.query(
          `INSERT INTO ${service.schema}.outbox (id, clinic_id, aggregate_type, aggregate_id, event_type, topic,
                                                 payload, headers, published_at)
           VALUES (gen_random_uuid(), $1, 'probe', 'probe', 'probe', 'probe', '\\x00', '{}', now())`,
          [clinicId],
        ),
      );
      const tables = (
        await asSuperuser(svc, (db) =>
          db.query<{ name: string }>(
            `SELECT c.relname AS name FROM pg_class c
              WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') AND EXISTS (
                SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped)`,
            [service.schema],
          ),
        )
      ).rows.map((t) => t.name);
      const count = (db: Client, table: string) =>
        db
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${service.schema}.${table} WHERE clinic_id IS NOT NULL`,
          )
          .then((r) => r.rows[0]!.n);
      const seen = await asSuperuser(svc, async (db) => {
        let rows = 0;
        for (const table of tables) rows += await count(db, table);
        return rows;
      });
      // The outbox row and the audited refusal of the clinic administrator above, at least.
      expect(seen).toBeGreaterThanOrEqual(2);
      const owner = new Client({ connectionString: svc.db.url(`carebus_${service.schema}`) });
      await owner.connect();
      try {
        const visible: Record<string, number> = {};
        for (const table of tables) {
          const n = await count(owner, table);
          if (n > 0) visible[table] = n;
        }
        expect(visible).toEqual({});
        // Acting for the clinic, the owner sees that clinic's outbox row: the policy, not a missing grant, hid it.
        await owner.query(`SELECT set_config('carebus.clinic_id', $1, false)`, [clinicId]);
        expect(await count(owner, 'outbox')).toBe(1);
      } finally {
        await owner.end();
      }
    });

    it('serves the OpenAPI document that is checked into the repository', async () => {
      const res = await fetch(`${svc.url}/docs-json`);
      expect(res.status).toBe(200);
      const served = `${JSON.stringify(await res.json(), null, 2)}\n`;
      const file = join(folder, 'openapi.json');
      if (process.env.CAREBUS_UPDATE_OPENAPI === '1') writeFileSync(file, served);
      expect(existsSync(file)).toBe(true);
      expect(served).toBe(readFileSync(file, 'utf8'));
    });

    it("as a process: continues the caller's trace into logs, problems and exported spans (no query string), and exits 0 on SIGTERM", async () => {
      const collector = new OtlpReceiver();
      await collector.start();
      const child = await ServiceProcess.start(builtMain(), await freePort(), {
        ...(await service.isolatedEnv?.()),
        DATABASE_URL: svc.db.url(`carebus_${service.schema}_app`),
        ...testKafkaEnv(),
        AUTH_ISSUER: svc.issuer.issuer,
        AUTH_JWKS_URL: svc.issuer.jwksUrl,
        OUTBOX_RELAY_ENABLED: 'false',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
        // Export each batch at once, and record both the old and the stable HTTP attributes.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_SEMCONV_STABILITY_OPT_IN: 'http/dup',
      });
      let exitCode: number | null = null;
      try {
        const traceId = randomBytes(16).toString('hex');
        const res = await fetch(`${child.url}/v1/definitely-not-a-route?secret=query`, {
          headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        });
        expect(((await res.json()) as { traceId?: string }).traceId).toBe(traceId);
        await waitFor(() => child.output.includes(traceId), { what: 'the request logged with its trace id' });
        expect(child.output).not.toContain('secret=query');
        const span = await waitFor(() => collector.spans().find((s) => s.kind === SERVER_SPAN), {
          what: 'the request span exported',
        });
        expect(attributeValue(span, 'http.target')).toBe('/v1/definitely-not-a-route');
        expect(attributeValue(span, 'url.path')).toBe('/v1/definitely-not-a-route');
        expect(collector.exports.map((e) => e.body).join('\n')).not.toContain('secret');
      } finally {
        exitCode = await child.stop();
        await collector.stop();
      }
      expect(exitCode).toBe(0);
      // Everything it wrote, stdout and stderr, is one pino JSON object per line: no console output,
      // Node warning or kafkajs console-logger line (kafkajs logs through pino) for a log pipeline to drop.
      const notPino = child.output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .filter((line) => {
          try {
            const entry = JSON.parse(line) as { level?: unknown; time?: unknown; msg?: unknown };
            return typeof entry.level !== 'number' || typeof entry.time !== 'string';
          } catch {
            return true;
          }
        });
      expect(notPino).toEqual([]);
    });

    it('stops at start (exit 78) when its database role is the schema owner, a superuser or BYPASSRLS', async () => {
      const env = {
        ...(await service.isolatedEnv?.()),
        ...testKafkaEnv(),
        AUTH_ISSUER: svc.issuer.issuer,
        AUTH_JWKS_URL: svc.issuer.jwksUrl,
        OUTBOX_RELAY_ENABLED: 'false',
        AUDIT_SEALING_ENABLED: 'false',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      };
      const owner = `carebus_${service.schema}`;
      for (const [role, says] of [
        [owner, `the role ${owner} owns the schema ${service.schema}`],
        [undefined, 'is a superuser'],
        ['carebus_audit_reader', 'has BYPASSRLS'],
      ] as const) {
        const result = await runToExit(builtMain(), {
          ...env,
          HTTP_PORT: String(await freePort()),
          DATABASE_URL: svc.db.url(role),
        });
        expect(result.code).toBe(78);
        // One line that names the variable and the fix.
        const line = result.stderr.split('\n').find((l) => l.includes('DATABASE_URL'));
        expect(line).toContain(says);
        expect(line).toContain(`carebus_${service.schema}_app`);
      }
    });

    it('stops at start with a message naming a missing required variable', () => {
      const main = builtMain();
      const env = {
        PATH: process.env.PATH,
        KAFKA_BROKERS: '127.0.0.1:9',
        AUTH_ISSUER: 'x',
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks',
      };
      const result = spawnSync(process.execPath, [main], { env, encoding: 'utf8', timeout: 20_000 });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('DATABASE_URL is required');
    });
  });
}

/** Runs a built main until it exits by itself (30 s at most); answers its exit code and stderr. */
function runToExit(
  main: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** SQL past row-level security, for seeding and checking rows (the owner no longer passes it). */
async function asSuperuser<T>(svc: TestService, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: svc.db.url() });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/** OTLP's SpanKind of a span a server opened for a request it received. */
const SERVER_SPAN = 2;

function attributeValue(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((attribute) => attribute.key === key)?.value;
  return value && Object.values(value)[0];
}
