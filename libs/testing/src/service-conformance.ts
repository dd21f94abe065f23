import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

    it('serves the dead-letter admin API to operators only', async () => {
      const url = `${svc.url}/v1/admin/dead-letters?group=no-such-group-${Date.now()}&limit=5`;
      const admin = await svc.issuer.mint({
        sub: 'admin',
        clinicId: '00000000-0000-4000-8000-000000000001',
        roles: ['clinic_admin'],
      });
      const denied = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
      expect(denied.status).toBe(403);
      const operator = await svc.issuer.mint({ sub: 'ops', roles: ['operator'] });
      const allowed = await fetch(url, { headers: { authorization: `Bearer ${operator}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ items: [] });
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

/** OTLP's SpanKind of a span a server opened for a request it received. */
const SERVER_SPAN = 2;

function attributeValue(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((attribute) => attribute.key === key)?.value;
  return value && Object.values(value)[0];
}
