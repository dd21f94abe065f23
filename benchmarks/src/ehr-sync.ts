// npm run bench -- ehr-sync [appointments=100000]: a full sync of N EHR appointments through
// ehr-sync (the built service as its own process) from the EHR simulator (its own process, vendor
// API), against two baselines measured in the same run: (a) the simulator's raw read rate with a
// plain paging client, (b) PostgreSQL's raw insert rate of the same rows. Prints (c) the sync's
// rows/s, its ratio to min(a, b) (target ≥ 0.5) and the peak RSS of the ehr-sync process
// (target ≤ 256 MiB). (d), the write-back queue's drain rate, joins with the write-back queue.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { createTestDatabase, freePort, repoRoot, testKafkaEnv } from '@carebus/testing';

const N = Number(process.argv[2] ?? 100_000);
const PAGE = 500;
const USER = { username: 'carebus-sync', activationCode: 'ACT-4711-SIM' };

async function waitReady(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (
    !(await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${what} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** (a) A plain client paging the vendor API: rows per second. */
async function rawRead(
  vendorUrl: string,
): Promise<{ rows: number; perSecond: number; sample: Record<string, unknown>[] }> {
  const session = (await (
    await fetch(`${vendorUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(USER),
    })
  ).json()) as { sessionToken: string };
  let cursor: string | null = null;
  let rows = 0;
  let sample: Record<string, unknown>[] = [];
  const t0 = performance.now();
  do {
    const q: string = `pageSize=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (
      await fetch(`${vendorUrl}/appointments?${q}`, { headers: { 'x-session-token': session.sessionToken } })
    ).json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
    rows += page.items.length;
    if (sample.length === 0) sample = page.items;
    cursor = page.nextCursor;
  } while (cursor);
  return { rows, perSecond: rows / ((performance.now() - t0) / 1000), sample };
}

/** (b) The same number of rows inserted into PostgreSQL in batches of a page, one transaction each. */
async function rawInsert(url: string, sample: Record<string, unknown>[]): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(
    `CREATE TABLE bench_raw (connection_id uuid, external_id text, version text, payload jsonb, PRIMARY KEY (connection_id, external_id))`,
  );
  const connection = randomUUID();
  const t0 = performance.now();
  for (let done = 0; done < N; done += PAGE) {
    const ids: string[] = [];
    const payloads: string[] = [];
    for (let i = done; i < Math.min(N, done + PAGE); i++) {
      ids.push(`appt-${i}`);
      payloads.push(JSON.stringify(sample[i % sample.length]));
    }
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO bench_raw SELECT $1::uuid, i, '1', p::jsonb FROM unnest($2::text[], $3::text[]) AS t (i, p)`,
      [connection, ids, payloads],
    );
    await db.query('COMMIT');
  }
  const perSecond = N / ((performance.now() - t0) / 1000);
  await db.query('DROP TABLE bench_raw');
  await db.end();
  return perSecond;
}

/** A line of a process's /proc status in MiB: VmHWM (peak resident set) or VmRSS (now). */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

/** The heap bounds the image starts ehr-sync with (services/ehr-sync/Dockerfile CMD). */
const SERVICE_HEAP_FLAGS = ['--max-old-space-size=128', '--max-semi-space-size=8'];

/**
 * Extra node flags for the ehr-sync process, for profiling a run:
 * EHR_SYNC_BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (or --heap-prof …).
 */
function profileFlags(): string[] {
  return (process.env.EHR_SYNC_BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}

async function main(): Promise<void> {
  const root = repoRoot();
  const db = await createTestDatabase('carebus_bench');
  const simPort = await freePort();
  const sim = spawn(
    process.execPath,
    [
      join(root, 'tools/ehr-simulator/dist/main.js'),
      '--port',
      String(simPort),
      '--seed',
      'bench',
      '--practitioners',
      '20',
      '--patients',
      '5000',
      '--appointments',
      String(N),
      '--admin-token',
      randomBytes(8).toString('hex'),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const vendorUrl = `http://127.0.0.1:${simPort}/vendor/api/v2`;
  const issuer = await DevIssuer.start({ port: 0 });
  let service: ChildProcess | null = null;
  try {
    await waitReady(`${vendorUrl}/providers`, sim, 'the EHR simulator');
    const a = await rawRead(vendorUrl);
    const b = await rawInsert(db.url(), a.sample);

    const dist = join(root, 'services/ehr-sync/dist');
    const suffix = randomBytes(4).toString('hex');
    const env = {
      ...process.env,
      ...testKafkaEnv(),
      DATABASE_URL: db.url('carebus_ehr_sync_app'),
      DATABASE_MIGRATION_URL: db.url('carebus_ehr_sync'),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      EHR_SYNC_KEKS: `v1:${randomBytes(32).toString('base64')}`,
      EHR_SYNC_ALERT_TOPIC: `bench.${suffix}.ehrsync.alert.v1`,
      EHR_SYNC_APPOINTMENT_TOPIC: `bench.${suffix}.ehrsync.appointment.v1`,
      EHR_SYNC_CONSUMER_GROUP: `bench-ehr-sync-${suffix}`,
      EHR_SYNC_CLINIC_TOPIC: `bench.${suffix}.scheduling.clinic.v1`,
      EHR_SYNC_CALENDAR_TOPIC: `bench.${suffix}.scheduling.calendar.v1`,
      EHR_SYNC_PRACTITIONER_TOPIC: `bench.${suffix}.scheduling.practitioner.v1`,
      EHR_SYNC_APPOINTMENT_TYPE_TOPIC: `bench.${suffix}.scheduling.appointment_type.v1`,
      EHR_SYNC_PAGE_SIZE: String(PAGE),
      EHR_SYNC_RUNNER_POLL_MS: '100',
    };
    if (spawnSync(process.execPath, [join(dist, 'migrate.js')], { env, stdio: 'inherit' }).status !== 0)
      throw new Error('ehr-sync migrations failed');
    service = spawn(process.execPath, [...SERVICE_HEAP_FLAGS, ...profileFlags(), join(dist, 'main.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${env.HTTP_PORT}`;
    await waitReady(`${url}/health/ready`, service, 'ehr-sync');
    const clinicId = randomUUID();
    const token = await issuer.mint({ sub: 'bench-admin', roles: ['clinic_admin'], clinicId });
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${url}/v1/clinics/${clinicId}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> };
    };
    await call('POST', '/key-vault', { key: randomBytes(32).toString('base64') });
    const connection = await call('POST', '/ehr-connections', {
      style: 'vendor',
      baseUrl: vendorUrl,
      credentials: USER,
    });
    if (connection.status !== 201) throw new Error(`connect: ${connection.status}`);
    const path = `/ehr-connections/${connection.body.id as string}/sync-runs`;
    const idleRss = statusMiB(service.pid!, 'VmRSS');
    const run = await call('POST', path);
    let ended: Record<string, unknown>;
    // The resident set sampled as the run goes (first, middle and last third): growth with N shows.
    const samples: number[] = [];
    for (;;) {
      ended = (await call('GET', `${path}/${run.body.id as string}`)).body;
      samples.push(statusMiB(service.pid!, 'VmRSS'));
      if (!['queued', 'running'].includes(ended.state as string)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const third = (k: number) =>
      Math.max(
        ...samples.slice(Math.floor((k * samples.length) / 3), Math.ceil(((k + 1) * samples.length) / 3)),
      );
    const seconds = (Date.parse(ended.finishedAt as string) - Date.parse(ended.startedAt as string)) / 1000;
    const c = (ended.read as number) / seconds;
    const rss = statusMiB(service.pid!, 'VmHWM');
    const ratio = c / Math.min(a.perSecond, b);
    const f = (n: number) => Math.round(n).toLocaleString('en');
    console.log(`ehr-sync full sync of ${f(N)} appointments (vendor API, pages of ${PAGE})`);
    console.log(
      `  (a) simulator raw read (plain paging client): ${f(a.perSecond)} rows/s (${f(a.rows)} rows)`,
    );
    console.log(`  (b) PostgreSQL raw insert of the same rows:   ${f(b)} rows/s`);
    console.log(
      `  (c) sync: ${f(c)} rows/s (${ended.state as string}; read ${f(ended.read as number)}, created ${f(ended.created as number)}) in ${seconds.toFixed(1)} s`,
    );
    console.log(
      `      (c)/min(a,b) = ${ratio.toFixed(2)} (target >= 0.5); peak RSS of ehr-sync ${rss.toFixed(0)} MiB (target <= 256)`,
    );
    console.log(
      `      RSS of ehr-sync: ${idleRss.toFixed(0)} MiB idle before the run; max per third of the run ${[0, 1, 2].map((k) => third(k).toFixed(0)).join(' / ')} MiB`,
    );
    console.log(
      `  (d) write-back retry-queue drain rate: not measured here (comes with the write-back queue)`,
    );
  } finally {
    if (service && service.exitCode === null) service.kill('SIGTERM');
    sim.kill('SIGTERM');
    await issuer.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
