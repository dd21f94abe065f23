import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import {
  createTestDatabase,
  freePort,
  repoRoot,
  ServiceProcess,
  testKafkaEnv,
  infraFromEnv,
} from '@carebus/testing';
import { machineLine, printTable } from './machine';
import { benchMessagingTopics } from './messaging/bench-topics';
import { closeAgent, httpJson } from './messaging/http-json';
import { inParallel, rawSends, type SendShape } from './messaging/raw-sends';
import { seedClinic, seedMessages } from './messaging/seed-clinic';
import { median, percentile } from './statistics';

// npm run bench -- messaging [sends per round] [concurrency] [messages in the clinic] [rounds] [listings]
const SENDS = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const MESSAGES = Number(process.argv[4] ?? 100_000);
const ROUNDS = Number(process.argv[5] ?? 3);
const LISTINGS = Number(process.argv[6] ?? 200);
const PER_THREAD = 10;

async function main(): Promise<void> {
  const infra = infraFromEnv();
  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  let service: ServiceProcess | undefined;
  const sql = new Client({ connectionString: db.url() });
  try {
    const dist = join(repoRoot(), 'services/messaging/dist');
    const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url('carebus_messaging'),
        ...testKafkaEnv(infra),
        AUTH_ISSUER: issuer.issuer,
        AUTH_JWKS_URL: issuer.jwksUrl,
      },
      stdio: 'inherit',
    });
    if (migrated.status !== 0) throw new Error(`messaging migrations failed (exit ${migrated.status})`);
    service = await ServiceProcess.start(join(dist, 'main.js'), await freePort(), {
      // Its own partner gRPC port, not 4002, which npm start's messaging holds.
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_messaging_app'),
      ...testKafkaEnv(infra),
      ...(await benchMessagingTopics()),
      KAFKA_CLIENT_ID: `bench-messaging-${randomBytes(3).toString('hex')}`,
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'warn',
      MESSAGING_KEKS: `v1:${randomBytes(32).toString('base64')}`,
      CAREBUS_JOURNAL_NOTE_KEYS: `v1:${randomBytes(32).toString('base64')}`,
      MESSAGING_NATIONAL_ID_KEYS: `v1:${randomBytes(32).toString('base64')}`,
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // MESSAGING_BENCH_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the service.
      NODE_OPTIONS: process.env.MESSAGING_BENCH_NODE_OPTIONS,
    });
    await sql.connect();
    const shape = await seedClinic(sql, CONCURRENCY * 4);
    const base = service.url;

    // (a) against (b): rounds alternate the two paths, so load from elsewhere falls on both alike.
    const tokens = await Promise.all(
      shape.patients.map((p) =>
        issuer.mint({ sub: p.sub, clinicId: shape.clinicId, roles: ['patient'], patientId: p.id }),
      ),
    );
    const send = async (i: number): Promise<void> => {
      const res = await httpJson(
        base,
        'POST',
        `/v1/clinics/${shape.clinicId}/my/threads`,
        tokens[i % tokens.length]!,
        {
          kind: 'e_consultation',
          subject: 'Bench',
          body: 'My knee hurts after a fall',
        },
      );
      if (res.status !== 201) throw new Error(`send answered ${res.status}: ${JSON.stringify(res.body)}`);
    };
    await inParallel(CONCURRENCY * 4, CONCURRENCY, send); // warm-up: JIT, pools, prepared statements
    await rawSends(db.url(), shape, CONCURRENCY * 4, CONCURRENCY);
    const rows: Record<string, string | number>[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const restPerS = SENDS / ((await inParallel(SENDS, CONCURRENCY, send)) / 1000);
      const rawPerS = SENDS / ((await rawSends(db.url(), shape, SENDS, CONCURRENCY)) / 1000);
      ratios.push(restPerS / rawPerS);
      rows.push({
        round: round + 1,
        'REST sends/s': restPerS.toFixed(0),
        'raw pg sends/s': rawPerS.toFixed(0),
        ratio: (restPerS / rawPerS).toFixed(2),
      });
    }
    const gpToken = await issuer.mint({ sub: shape.gpId, clinicId: shape.clinicId, roles: ['practitioner'] });
    const unreadAfterSends = await unreadOf(base, shape, gpToken);
    const expected = (CONCURRENCY * 4 + SENDS * ROUNDS) * 2; // REST and raw sends both count
    if (unreadAfterSends !== expected) throw new Error(`GP unread ${unreadAfterSends}, expected ${expected}`);

    // (c) listings with MESSAGES messages in the clinic.
    const seeded = performance.now();
    const extra = Math.max(0, MESSAGES - expected);
    await seedMessages(sql, shape, extra, PER_THREAD);
    const seedS = (performance.now() - seeded) / 1000;
    const total = Number(
      (
        await sql.query<{ n: string }>('SELECT count(*) AS n FROM messaging.messages WHERE clinic_id = $1', [
          shape.clinicId,
        ])
      ).rows[0]!.n,
    );
    const inboxesMs: number[] = [];
    const threadsMs: number[] = [];
    for (let i = 0; i < LISTINGS; i++) {
      inboxesMs.push(await timed(() => unreadOf(base, shape, gpToken)));
      threadsMs.push(
        await timed(async () => {
          const res = await httpJson(
            base,
            'GET',
            `/v1/clinics/${shape.clinicId}/inboxes/${shape.inboxId}/threads`,
            gpToken,
          );
          if (res.status !== 200) throw new Error(`inbox threads answered ${res.status}`);
        }),
      );
    }

    process.stdout.write(
      `${machineLine({ sends: SENDS, concurrency: CONCURRENCY, rounds: ROUNDS, messages: total, listings: LISTINGS })}\n`,
    );
    printTable(
      'messaging send: REST e-consultation (token, routing to the listed GP, unread counter, audit, outbox) vs raw pg inserts of the same rows',
      rows,
    );
    process.stdout.write(
      `\nratio REST / raw, median of ${ROUNDS} rounds: ${median(ratios).toFixed(2)} (target >= 0.3)\n`,
    );
    printTable(
      `inbox listings of the GP with ${total} messages in the clinic (seeded in ${seedS.toFixed(1)} s)`,
      [
        listingRow('GET inboxes (unread counts)', inboxesMs),
        listingRow('GET inbox threads (first page)', threadsMs),
      ],
    );
  } finally {
    closeAgent();
    await sql.end().catch(() => undefined);
    await service?.stop();
    await issuer.stop();
    await db.drop();
  }
}

async function unreadOf(base: string, shape: SendShape, token: string): Promise<number> {
  const res = await httpJson(base, 'GET', `/v1/clinics/${shape.clinicId}/inboxes`, token);
  if (res.status !== 200) throw new Error(`inboxes answered ${res.status}`);
  const items = (res.body as { items: { id: string; unread: number }[] }).items;
  return items.find((i) => i.id === shape.inboxId)?.unread ?? 0;
}

async function timed(job: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await job();
  return performance.now() - started;
}

function listingRow(what: string, ms: number[]): Record<string, string | number> {
  return {
    listing: what,
    n: ms.length,
    'p50 ms': percentile(ms, 50).toFixed(1),
    'p99 ms': percentile(ms, 99).toFixed(1),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
