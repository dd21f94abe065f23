import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { kafkajsSecurity } from '@carebus/kafka';
import {
  appointmentEventRecord,
  createTestDatabase,
  freePort,
  infraFromEnv,
  repoRoot,
  testKafkaEnv,
} from '@carebus/testing';
import { machineLine, printTable, rssMiB } from '../machine';

// npm run bench -- notifications/notifications [booked-events] [due-reminders]
const EVENTS_N = Number(process.argv[2] ?? 2_000);
const REMINDERS_N = Number(process.argv[3] ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_DISPATCH_CONCURRENCY ?? 16);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function spawnNode(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [join(repoRoot(), script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function main(): Promise<void> {
  const smtpPort = await freePort();
  const sinkPort = await freePort();
  const sink = spawnNode(
    'tools/mail-sink/dist/main.js',
    ['--smtp-port', String(smtpPort), '--http-port', String(sinkPort)],
    {},
  );
  const sinkUrl = `http://127.0.0.1:${sinkPort}`;
  await until(
    () =>
      fetch(`${sinkUrl}/messages/count`).then(
        (r) => r.ok,
        () => false,
      ),
    30_000,
    'the mail sink',
  );
  const count = async () =>
    ((await (await fetch(`${sinkUrl}/messages/count`)).json()) as { count: number }).count;

  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  const suffix = randomUUID().slice(0, 8);
  const topic = `bench.${suffix}.scheduling.appointment.v1`;
  const env: Record<string, string> = {
    HTTP_PORT: String(await freePort()),
    DATABASE_URL: db.url('carebus_notifications_app'),
    DATABASE_MIGRATION_URL: db.url('carebus_notifications'),
    DATABASE_POOL_SIZE: String(CONCURRENCY + 8),
    ...testKafkaEnv(),
    AUTH_ISSUER: issuer.issuer,
    AUTH_JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    SMTP_TLS_VERIFY: 'false',
    SMTP_MAX_CONNECTIONS: '8',
    EMAIL_RATE_PER_SEC: '100000',
    DISPATCH_CONCURRENCY: String(CONCURRENCY),
    DISPATCH_BATCH: '256',
    DISPATCH_POLL_MS: '50',
    NOTIFICATIONS_CONSUMER_GROUP: `bench-${suffix}`,
    NOTIFICATIONS_APPOINTMENT_TOPIC: topic,
    NOTIFICATIONS_ALERT_TOPIC: `bench.${suffix}.ehrsync.alert.v1`,
    NOTIFICATIONS_CLINIC_TOPIC: `bench.${suffix}.scheduling.clinic.v1`,
    NOTIFICATIONS_REACHABILITY_TOPIC: `bench.${suffix}.messaging.patient_reachability.v1`,
    NOTIFICATIONS_DIALOGUE_TOPIC: `bench.${suffix}.messaging.dialogue.v1`,
    NOTIFICATIONS_DEVICE_TOPIC: `bench.${suffix}.devices.device.v1`,
  };
  const dist = 'services/notifications/dist';
  const migrated = spawnSync(process.execPath, [join(repoRoot(), dist, 'migrate.js')], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (migrated.status !== 0) throw new Error('migrations failed');
  const service = spawnNode(`${dist}/main.js`, [], env);
  await until(
    () =>
      fetch(`http://127.0.0.1:${env.HTTP_PORT}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ),
    60_000,
    'the service',
  );
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(service.pid))), 200);

  // The superuser seeds and checks: row-level security binds the owner too.
  const owner = new Client({ connectionString: db.url() });
  await owner.connect();
  const clinicId = randomUUID();
  await owner.query(
    `INSERT INTO notifications.clinic_settings (clinic_id, clinic_name, sender_email) VALUES ($1, 'Bench clinic', 'post@bench.example')`,
    [clinicId],
  );
  const patients = (
    await owner.query(
      `INSERT INTO notifications.patient_contacts (clinic_id, patient_id, email)
       SELECT $1, gen_random_uuid(), 'p' || i || '@patient.example' FROM generate_series(1, $2) i RETURNING patient_id`,
      [clinicId, Math.max(EVENTS_N, REMINDERS_N)],
    )
  ).rows.map((r: { patient_id: string }) => r.patient_id);

  // 1. scheduling.appointment.v1 booked → accepted by the SMTP sink.
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: infraFromEnv().kafkaBrokers,
    ...kafkajsSecurity(infraFromEnv().kafkaSecurity),
    logLevel: logLevel.WARN,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const start = timestampFromDate(new Date(Date.now() + 10 * 3600_000));
  const t0 = Date.now();
  for (let i = 0; i < EVENTS_N; i += 500) {
    const messages = patients.slice(i, Math.min(i + 500, EVENTS_N)).map((patientId: string) => {
      const appointmentId = randomUUID();
      return appointmentEventRecord({
        appointmentId,
        clinicId,
        calendarId: randomUUID(),
        patientId,
        appointmentTypeId: randomUUID(),
        startTime: start,
        notificationsEnabled: true,
        status: 1,
      });
    });
    await producer.send({ topic, messages });
  }
  const published = Date.now();
  await until(async () => (await count()) >= EVENTS_N, 600_000, 'confirmations in the sink');
  const eventsSeconds = (Date.now() - t0) / 1000;
  const rssAfterEvents = rssMiB(service.pid);
  await producer.disconnect();

  // 2. REMINDERS_N reminders become due at once.
  await fetch(`${sinkUrl}/messages`, { method: 'DELETE' });
  const t1 = Date.now();
  await owner.query(
    `INSERT INTO notifications.notifications (id, clinic_id, kind, recipient_kind, recipient_id, appointment_id, cause_event_id,
       dedupe_key, channels, status, due_at, language, data, created_at)
     SELECT gen_random_uuid(), $1, 'appointment_reminder', 'patient', p::text, gen_random_uuid(), 'bench', 'bench:' || p, '{email}',
            'pending', now(), 'nb', jsonb_build_object('startTime', to_jsonb(now() + interval '30 hours')), now()
       FROM unnest($2::uuid[]) p`,
    [clinicId, patients.slice(0, REMINDERS_N)],
  );
  await until(async () => (await count()) >= REMINDERS_N, 900_000, 'reminders in the sink');
  const reminderSeconds = (Date.now() - t1) / 1000;
  clearInterval(sampler);

  console.log(machineLine({ dispatchConcurrency: CONCURRENCY, smtpConnections: 8 }));
  printTable('notifications', [
    {
      measure: 'booked events → accepted SMTP',
      n: EVENTS_N,
      seconds: eventsSeconds.toFixed(1),
      perSecond: (EVENTS_N / eventsSeconds).toFixed(0),
      note: `publish took ${((published - t0) / 1000).toFixed(1)} s; RSS ${rssAfterEvents} MiB`,
    },
    {
      measure: 'due reminders dispatched',
      n: REMINDERS_N,
      seconds: reminderSeconds.toFixed(1),
      perSecond: (REMINDERS_N / reminderSeconds).toFixed(0),
      note: `peak RSS ${peakRss} MiB`,
    },
  ]);

  await owner.end();
  service.kill('SIGTERM');
  sink.kill('SIGTERM');
  await sleep(1000);
  await issuer.stop();
  await db.drop();
  process.exit(0);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
