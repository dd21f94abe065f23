import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client, Pool } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { createTestDatabase, freePort, infraFromEnv } from '@carebus/testing';
import { machineLine, printTable, rssMiB } from './machine';
import { runScheduling, type RunningService } from './service-process';

// npm run bench -- scheduling-booking [bookings] [paced-seconds] [paced-rate]
const BOOKINGS = Number(process.argv[2] ?? 10_000);
const PACED_SECONDS = Number(process.argv[3] ?? 10);
const PACED_RATE = Number(process.argv[4] ?? 500);
const CALENDARS = 200;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SLOT_QUERIES = 200;
const BUSY_APPOINTMENTS = 2_000;
const MINUTE_MS = 60_000;

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

function bookingLoad(svc: RunningService, token: string, s: Seeded, base: number) {
  let i = 0;
  return {
    url: svc.url,
    connections: CONNECTIONS,
    requests: [
      {
        method: 'POST' as const,
        path: '/v1/appointments',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (req: autocannon.Request) => {
          const k = i++;
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
  svc: RunningService,
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
      fetch(`${svc.url}/v1/appointments`, {
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

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  let svc: RunningService | undefined;
  try {
    const owner = db.url('carebus_scheduling');
    svc = await runScheduling({
      DATABASE_URL: db.url('carebus_scheduling_app'),
      DATABASE_MIGRATION_URL: owner,
      KAFKA_BROKERS: infraFromEnv().kafkaBrokers.join(','),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      EHR_IMPORT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...(process.env.BENCH_SERVICE_ENV ? JSON.parse(process.env.BENCH_SERVICE_ENV) : {}),
    });
    const s = await seed(owner);
    const token = await issuer.mint({ sub: 'bench-staff', clinicId: s.clinicId, roles: ['staff'] });
    console.log(machineLine({ calendars: CALENDARS, connections: CONNECTIONS, poolSize: 10 }));

    const raw = await rawInsertRate(owner, 5);
    const burst = await autocannon({
      ...bookingLoad(svc, token, s, Date.parse('2027-01-04T00:00:00Z')),
      amount: BOOKINGS,
    });
    const burstRss = rssMiB(svc.pid);
    const paced = await pacedBookings(
      svc,
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
      const res = await fetch(`${svc.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
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
      {
        run: `bookings, ${BOOKINGS} distinct slots`,
        'per s': Math.round(burst['2xx'] / (burst.duration || 1)),
        p50: `${burst.latency.p50} ms`,
        p99: `${burst.latency.p99} ms`,
        notes: `2xx=${burst['2xx']} non2xx=${burst.non2xx} errors=${burst.errors} target ≥ 2000/s`,
      },
      {
        run: `bookings at fixed ${PACED_RATE}/s for ${PACED_SECONDS} s`,
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
    console.log(`service RSS after the burst: ${burstRss} MiB; after the paced run: ${rssMiB(svc.pid)} MiB`);
  } finally {
    await svc?.stop();
    await issuer.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
