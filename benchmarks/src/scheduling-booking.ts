import { percentile } from './statistics';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { createTestDatabase, freePort, testKafkaEnv } from '@carebus/testing';
import { cpuMs, machineLine, postgresCpuByPid, postgresCpuSince, printTable, rssMiB } from './machine';
import { runScheduling, type RunningService } from './service-process';

// npm run bench -- scheduling-booking [bookings] [paced-seconds] [paced-rate]
const BOOKINGS = Number(process.argv[2] ?? 10_000);
const PACED_SECONDS = Number(process.argv[3] ?? 10);
const PACED_RATE = Number(process.argv[4] ?? 500);
const CALENDARS = 200;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SLOT_QUERIES = 200;
const BUSY_APPOINTMENTS = 2_000;
const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 2);
const MINUTE_MS = 60_000;
const WEEK_MS = 7 * 24 * 60 * MINUTE_MS;

interface Seeded {
  clinicId: string;
  typeId: string;
  patientId: string;
  calendars: string[];
  busyCalendarId: string;
}

async function seed(url: string): Promise<Seeded> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const s: Seeded = {
    clinicId: randomUUID(),
    typeId: randomUUID(),
    patientId: randomUUID(),
    calendars: [],
    busyCalendarId: randomUUID(),
  };
  await db.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, 'Benchmark clinic')`, [s.clinicId]);
  await db.query(
    `INSERT INTO scheduling.appointment_types (id, clinic_id, name, duration_minutes, contact_surface, patient_bookable)
     VALUES ($1, $2, 'Consultation', 20, 'in_person', true)`,
    [s.typeId, s.clinicId],
  );
  await db.query(`INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, 'Bench patient')`, [
    s.patientId,
    s.clinicId,
  ]);
  for (let i = 0; i <= CALENDARS; i++) {
    const practitioner = randomUUID();
    const calendar = i === CALENDARS ? s.busyCalendarId : randomUUID();
    await db.query(
      `INSERT INTO scheduling.practitioners (id, clinic_id, name, profession) VALUES ($1, $2, $3, 'gp')`,
      [practitioner, s.clinicId, `Practitioner ${i}`],
    );
    await db.query(
      `INSERT INTO scheduling.calendars (id, clinic_id, owner_practitioner_id, name, online_bookable)
       VALUES ($1, $2, $3, $4, true)`,
      [calendar, s.clinicId, practitioner, `Calendar ${i}`],
    );
    if (i < CALENDARS) s.calendars.push(calendar);
  }
  // The busy calendar: a Monday–Friday 08–16 plan and 2,000 appointments, every other 20-minute slot.
  const template = randomUUID();
  await db.query(`INSERT INTO scheduling.week_templates (id, clinic_id, name) VALUES ($1, $2, 'Week')`, [
    template,
    s.clinicId,
  ]);
  for (let weekday = 1; weekday <= 5; weekday++) {
    await db.query(
      `INSERT INTO scheduling.week_template_blocks (id, clinic_id, week_template_id, weekday, start_time, end_time,
         appointment_type_id) VALUES ($1, $2, $3, $4, '08:00', '16:00', $5)`,
      [randomUUID(), s.clinicId, template, weekday, s.typeId],
    );
  }
  await db.query(
    `INSERT INTO scheduling.work_plans (id, clinic_id, calendar_id, week_template_id, valid_from, valid_to)
     VALUES ($1, $2, $3, $4, '2027-01-01', '2028-12-31')`,
    [randomUUID(), s.clinicId, s.busyCalendarId, template],
  );
  await db.query(
    `INSERT INTO scheduling.appointments (id, clinic_id, calendar_id, appointment_type_id, patient_id, during, status,
       contact_surface, hidden, source_channel, booked_by)
     SELECT gen_random_uuid(), $1, $2, $3, $4,
            tstzrange(d + time '07:00' + n * interval '40 minutes', d + time '07:00' + n * interval '40 minutes' + interval '20 minutes', '[)'),
            'booked', 'in_person', false, 'staff', 'seed'
     FROM (SELECT d FROM generate_series(date '2027-03-01', date '2027-12-31', interval '1 day') AS d
           WHERE extract(isodow FROM d) < 6 ORDER BY d LIMIT ${Math.ceil(BUSY_APPOINTMENTS / 12)}) days,
          generate_series(0, 11) AS n
     LIMIT ${BUSY_APPOINTMENTS}`,
    [s.clinicId, s.busyCalendarId, s.typeId, s.patientId],
  );
  await db.end();
  return s;
}

/** The ceiling: single-row INSERT transactions into a table with the same exclusion constraint. */
async function rawInsertRate(url: string, seconds: number): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(`CREATE TABLE scheduling.raw_bookings (id uuid PRIMARY KEY, calendar_id uuid NOT NULL,
    during tstzrange NOT NULL, EXCLUDE USING gist (calendar_id WITH =, during WITH &&))`);
  const calendars = Array.from({ length: CALENDARS }, () => randomUUID());
  let n = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const i = n++;
      const start = Date.parse('2027-01-04T00:00:00Z') + Math.floor(i / CALENDARS) * 20 * MINUTE_MS;
      await pool.query(`INSERT INTO scheduling.raw_bookings VALUES ($1, $2, tstzrange($3, $4, '[)'))`, [
        randomUUID(),
        calendars[i % CALENDARS],
        new Date(start),
        new Date(start + 20 * MINUTE_MS),
      ]);
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 10 }, worker));
  const rate = n / ((Date.now() - t0) / 1000);
  await pool.end();
  return rate;
}

/** One autocannon load on one replica; `next` hands out slot numbers shared by all replicas' loads. */
function bookingLoad(
  svc: RunningService,
  token: string,
  s: Seeded,
  base: number,
  next: () => number,
  connections: number,
) {
  return {
    url: svc.url,
    connections,
    requests: [
      {
        method: 'POST' as const,
        path: '/v1/appointments',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req: autocannon.Request) => {
          const k = next();
          const start = base + Math.floor(k / CALENDARS) * 20 * MINUTE_MS;
          return {
            ...req,
            body: JSON.stringify({
              calendarId: s.calendars[k % CALENDARS],
              appointmentTypeId: s.typeId,
              patientId: s.patientId,
              start: new Date(start).toISOString(),
            }),
          };
        },
      },
    ],
  };
}

/**
 * Open-loop load: one booking every 1000/rate ms whatever the answers do (autocannon's
 * overallRate releases each second's requests together, which measures its own bursts).
 */
async function pacedBookings(
  replicas: RunningService[],
  token: string,
  s: Seeded,
  base: number,
  rate: number,
  seconds: number,
) {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = rate * seconds;
  const t0 = performance.now();
  const pending: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const start = base + Math.floor(k / CALENDARS) * 20 * MINUTE_MS;
    const sentAt = performance.now();
    pending.push(
      fetch(`${replicas[k % replicas.length]!.url}/v1/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          calendarId: s.calendars[k % CALENDARS],
          appointmentTypeId: s.typeId,
          patientId: s.patientId,
          start: new Date(start).toISOString(),
        }),
      }).then(
        async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - sentAt);
          if (res.status === 201) ok++;
          else failed++;
        },
        () => void failed++,
      ),
    );
  }
  await Promise.all(pending);
  return { latencies, ok, failed };
}

interface Burst {
  replicas: number;
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** CPU ms per booking: all service replicas together, PostgreSQL, this load generator. */
  cpu: { service: number; postgres: number; bench: number };
}

/**
 * Samples the audit trail's unsealed window (age of the oldest unchained row) every 100 ms while
 * `work` runs: how far the sealer lags the writers under load.
 */
async function unsealedWindow<T>(
  url: string,
  work: () => Promise<T>,
): Promise<{ result: T; ages: number[] }> {
  const db = new Client({ connectionString: url });
  await db.connect();
  const ages: number[] = [];
  let done = false;
  const sampler = (async () => {
    while (!done) {
      const { rows } = await db.query<{ age: number }>(`SELECT scheduling.audit_unsealed_age() AS age`);
      ages.push(Number(rows[0]!.age));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  try {
    return { result: await work(), ages };
  } finally {
    done = true;
    await sampler;
    await db.end();
  }
}

/** BOOKINGS bookings of distinct slots over CONNECTIONS connections split across `replicas`. */
async function burst(replicas: RunningService[], token: string, s: Seeded, base: number): Promise<Burst> {
  let k = 0;
  const next = () => k++;
  const serviceCpu = () => replicas.reduce((sum, r) => sum + cpuMs(r.pid), 0);
  // CPU per booking is steadier than the rate on a shared 2-core VM: it does not depend on what
  // else the machine runs at the time, only on the work each booking costs.
  const before = { service: serviceCpu(), postgres: postgresCpuByPid(), bench: cpuMs(process.pid) };
  const t0 = performance.now();
  const results = await Promise.all(
    replicas.map((svc) =>
      autocannon({
        ...bookingLoad(svc, token, s, base, next, Math.ceil(CONNECTIONS / replicas.length)),
        amount: Math.ceil(BOOKINGS / replicas.length),
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  const ok = results.reduce((sum, r) => sum + r['2xx'], 0);
  const per = (after: number, from: number) => (after - from) / (ok || 1);
  // Replicas take equal shares, so the latency of the first stands for all.
  return {
    replicas: replicas.length,
    rate: ok / seconds,
    p50: results[0]!.latency.p50,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    ok,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    cpu: {
      service: per(serviceCpu(), before.service),
      postgres: postgresCpuSince(before.postgres) / (ok || 1),
      bench: per(cpuMs(process.pid), before.bench),
    },
  };
}

/** The relays ran all along: every booking's event should have reached Kafka a moment later. */
async function relayedEvents(url: string): Promise<string> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const count = async () =>
      (
        await db.query<{ published: number; pending: number }>(
          `SELECT count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published,
                  count(*) FILTER (WHERE published_at IS NULL)::int AS pending
           FROM scheduling.outbox`,
        )
      ).rows[0]!;
    let rows = await count();
    for (let i = 0; i < 50 && rows.pending > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      rows = await count();
    }
    return `outbox: ${rows.published} events published to Kafka by the relays, ${rows.pending} still pending`;
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  const replicas: RunningService[] = [];
  try {
    const owner = db.url('carebus_scheduling');
    // Replicas of one deployment: same database and topics, each with its own relay (the outbox
    // keeps per-aggregate order with several, see docs/outbox.md).
    for (let r = 0; r < REPLICAS; r++) {
      replicas.push(
        await runScheduling({
          DATABASE_URL: db.url('carebus_scheduling_app'),
          DATABASE_MIGRATION_URL: owner,
          ...testKafkaEnv(),
          AUTH_ISSUER: issuer.issuer,
          AUTH_JWKS_URL: issuer.jwksUrl,
          HTTP_PORT: String(await freePort()),
          GRPC_PORT: String(await freePort()),
          EHR_IMPORT_ENABLED: 'false',
          PATIENT_ACCESS_LOG_ENABLED: 'false',
          LOG_LEVEL: 'warn',
          ...(process.env.BENCH_SERVICE_ENV ? JSON.parse(process.env.BENCH_SERVICE_ENV) : {}),
        }),
      );
    }
    // Seeding and sampling the audit trail read and write every clinic's rows: the superuser, as
    // row-level security is forced on the owner too (docs/architecture.md).
    const superuser = db.url();
    const s = await seed(superuser);
    const token = await issuer.mint({ sub: 'bench-staff', clinicId: s.clinicId, roles: ['staff'] });
    console.log(
      machineLine({ calendars: CALENDARS, connections: CONNECTIONS, poolSize: 10, replicas: REPLICAS }),
    );

    const raw = await rawInsertRate(owner, 5);
    const bursts: Burst[] = [];
    const unsealedAges: number[] = [];
    // One replica, then every replica, each on fresh slots (weeks apart).
    for (const [i, n] of [...new Set([1, REPLICAS])].entries()) {
      const { result, ages } = await unsealedWindow(superuser, () =>
        burst(replicas.slice(0, n), token, s, Date.parse('2027-01-04T00:00:00Z') + i * 10 * WEEK_MS),
      );
      bursts.push(result);
      unsealedAges.push(...ages);
    }
    const burstRss = replicas.map((r) => rssMiB(r.pid));
    const paced = await pacedBookings(
      replicas,
      token,
      s,
      Date.parse('2027-06-07T00:00:00Z'),
      PACED_RATE,
      PACED_SECONDS,
    );

    const slotTimes: number[] = [];
    let slotCount = 0;
    const path = `/v1/calendars/${s.busyCalendarId}/slots?from=2027-03-01T00:00:00Z&to=2027-03-29T00:00:00Z`;
    for (let q = 0; q < SLOT_QUERIES; q++) {
      const t0 = performance.now();
      const res = await fetch(`${replicas[0]!.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      slotCount = ((await res.json()) as unknown[]).length;
      slotTimes.push(performance.now() - t0);
    }

    printTable('scheduling-booking', [
      {
        run: `raw pg INSERT (10 conns, exclusion constraint)`,
        'per s': Math.round(raw),
        p50: '-',
        p99: '-',
        notes: 'ceiling',
      },
      ...bursts.map((b) => ({
        run: `bookings, ${b.ok} distinct slots, ${b.replicas} replica${b.replicas > 1 ? 's' : ''}`,
        'per s': Math.round(b.rate),
        p50: `${b.p50} ms`,
        p99: `${b.p99} ms`,
        notes:
          `non2xx=${b.non2xx} errors=${b.errors}; CPU ms/booking: service ${b.cpu.service.toFixed(2)}, ` +
          `postgres ${b.cpu.postgres.toFixed(2)}, load ${b.cpu.bench.toFixed(2)}; target ≥ 2000/s`,
      })),
      {
        run: `bookings at fixed ${PACED_RATE}/s for ${PACED_SECONDS} s, ${REPLICAS} replica${REPLICAS > 1 ? 's' : ''}`,
        'per s': Math.round(paced.ok / PACED_SECONDS),
        p50: `${percentile(paced.latencies, 50).toFixed(1)} ms`,
        p99: `${percentile(paced.latencies, 99).toFixed(1)} ms`,
        notes: `2xx=${paced.ok} other=${paced.failed} open loop, evenly spaced; target p99 ≤ 50 ms`,
      },
      {
        run: `slot query, 4 weeks, ${BUSY_APPOINTMENTS} appointments`,
        'per s': Math.round(1000 / percentile(slotTimes, 50)),
        p50: `${percentile(slotTimes, 50).toFixed(1)} ms`,
        p99: `${percentile(slotTimes, 99).toFixed(1)} ms`,
        notes: `${SLOT_QUERIES} sequential queries, ${slotCount} free slots each`,
      },
    ]);
    console.log(
      `service RSS per replica after the bursts: ${burstRss.join(', ')} MiB; ` +
        `after the paced run: ${replicas.map((r) => rssMiB(r.pid)).join(', ')} MiB`,
    );
    console.log(
      `audit trail: oldest unsealed row during the bursts p50 ${percentile(unsealedAges, 50).toFixed(2)} s, ` +
        `max ${Math.max(0, ...unsealedAges).toFixed(2)} s (${unsealedAges.length} samples)`,
    );
    console.log(await relayedEvents(superuser));
    // BENCH_JSON_OUT: the figures for a runner that compares builds (benchmarks/src/audit-sealing.ts).
    if (process.env.BENCH_JSON_OUT) {
      writeFileSync(process.env.BENCH_JSON_OUT, JSON.stringify({ bursts, unsealedAges, raw }));
    }
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    await issuer.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
