/**
 * npm run bench -- ehr-write-back [writes=2000]: the EHR write-back's drain rate after an outage.
 * The built ehr-sync process consumes `writes` bookings from Kafka while the simulated EHR is
 * offline (they wait in the durable queue), then the EHR comes back and the queue drains. Printed
 * beside the simulator's raw write rate: the same number of inserts by a plain HTTP client with the
 * drainer's concurrency, measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DevIssuer } from '@carebus/auth';
import { AppointmentStatus, encodeEnvelopeHeaders, encodeEventPayload, EVENTS } from '@carebus/contracts';
import { startEhrSimulator } from '@carebus/ehr-simulator';
import { Partitioners } from '@carebus/kafka';
import {
  createTestDatabase,
  createTopics,
  freePort,
  newTopicSuffix,
  repoRoot,
  requestJson,
  testKafka,
  testKafkaEnv,
  waitFor,
} from '@carebus/testing';
import { machineLine, printTable, rssMiB } from './machine';

const WRITES = Number(process.argv[2] ?? 2000);
const CONCURRENCY = 8;

async function rawWriteRate(vendorUrl: string, credentials: { username: string; activationCode: string }) {
  const session = (await (
    await fetch(`${vendorUrl}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    })
  ).json()) as { sessionToken: string };
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < WRITES) {
      const i = next++;
      const start = Date.UTC(2027, 0, 1, 8) + i * 60_000;
      const r = await fetch(`${vendorUrl}/appointments`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-session-token': session.sessionToken,
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({
          providerId: 'prov-1',
          patientId: 'pat-1',
          classId: 'cls-1',
          start: new Date(start).toISOString(),
          end: new Date(start + 30 * 60_000).toISOString(),
        }),
      });
      if (r.status !== 201) throw new Error(`raw insert answered ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return WRITES / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const issuer = await DevIssuer.start({ port: 0 });
  const sim = await startEhrSimulator({
    port: 0,
    seed: 'bench',
    practitioners: 2,
    patients: 5,
    appointments: 5,
  });
  const suffix = newTopicSuffix();
  const topic = `bench.${suffix}.scheduling.appointment.v1`;
  const kafka = testKafka();
  await createTopics(kafka, [topic], 6);
  const sek = () =>
    Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64');
  const env: Record<string, string> = {
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(await freePort()),
    DATABASE_URL: db.url('carebus_ehr_sync_app'),
    DATABASE_MIGRATION_URL: db.url('carebus_ehr_sync'),
    ...testKafkaEnv(),
    AUTH_ISSUER: issuer.issuer,
    AUTH_JWKS_URL: issuer.jwksUrl,
    LOG_LEVEL: 'warn',
    EHR_SYNC_KEKS: `v1:${sek()}`,
    CAREBUS_JOURNAL_NOTE_KEYS: `v1:${sek()}`,
    EHR_SYNC_ALERT_TOPIC: `bench.${suffix}.ehrsync.alert.v1`,
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: topic,
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: `bench.${suffix}.messaging.journal_entry.v1`,
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: `bench.${suffix}.ehrsync.journal_entry.v1`,
    EHR_SYNC_WRITE_BACK_GROUP: `bench-ehr-sync-write-back-${suffix}`,
    EHR_SYNC_JOURNAL_GROUP: `bench-ehr-sync-journal-${suffix}`,
    EHR_SYNC_WRITE_CONCURRENCY: String(CONCURRENCY),
    EHR_SYNC_WRITE_BACKOFF_BASE_MS: '200',
    EHR_SYNC_WRITE_BACKOFF_CAP_MS: '1000',
    EHR_SYNC_WRITE_POLL_MS: '50',
  };
  const dist = join(repoRoot(), 'services/ehr-sync/dist');
  const migrated = spawnSync(process.execPath, [join(dist, 'migrate.js')], {
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (migrated.status !== 0) throw new Error('ehr-sync migrations failed');
  const child = spawn(process.execPath, [join(dist, 'main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${env.HTTP_PORT}`;
  const owner = new Client({ connectionString: db.url() });
  await owner.connect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  try {
    await waitFor(
      () =>
        fetch(`${url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeoutMs: 60_000, what: 'ehr-sync ready' },
    );
    const clinicId = randomUUID();
    const admin = await issuer.mint({ sub: 'bench-admin', roles: ['clinic_admin'], clinicId });
    await requestJson(url, 'POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: sek() });
    const connected = await requestJson(url, 'POST', `/v1/clinics/${clinicId}/ehr-connections`, admin, {
      style: 'vendor',
      baseUrl: sim.vendorUrl,
      credentials: sim.credentials.vendor,
    });
    const connectionId = connected.body.id as string;
    const calendarId = randomUUID();
    const typeId = randomUUID();
    const patientId = randomUUID();
    for (const [kind, id, ext] of [
      ['calendar', calendarId, 'prov-1'],
      ['appointment_type', typeId, 'cls-1'],
      ['patient', patientId, 'pat-1'],
    ])
      await owner.query(
        `INSERT INTO ehr_sync.ehr_links (clinic_id, connection_id, kind, carebus_id, external_id, linked_at) VALUES ($1, $2, $3, $4, $5, now())`,
        [clinicId, connectionId, kind, id, ext],
      );

    const raw = await rawWriteRate(sim.vendorUrl, sim.credentials.vendor);

    await sim.admin.goOffline();
    await producer.connect();
    for (let i = 0; i < WRITES; i += 500) {
      const messages = Array.from({ length: Math.min(500, WRITES - i) }, (_, k) => {
        const start = Date.UTC(2027, 1, 1, 8) + (i + k) * 60_000;
        const appointment = {
          appointmentId: randomUUID(),
          clinicId,
          calendarId,
          patientId,
          appointmentTypeId: typeId,
          startTime: timestampFromDate(new Date(start)),
          endTime: timestampFromDate(new Date(start + 30 * 60_000)),
          status: AppointmentStatus.BOOKED,
        };
        return {
          key: appointment.appointmentId,
          value: Buffer.from(encodeEventPayload(EVENTS.appointmentBooked, { appointment })),
          headers: encodeEnvelopeHeaders({
            id: randomUUID(),
            type: EVENTS.appointmentBooked.type,
            source: '/carebus/scheduling',
            time: new Date(),
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        };
      });
      await producer.send({ topic, messages });
    }
    const count = async (status: string) =>
      (
        await owner.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ehr_sync.write_queue WHERE status = $1`,
          [status],
        )
      ).rows[0]!.n;
    await waitFor(async () => (await count('pending')) === WRITES, {
      timeoutMs: 300_000,
      intervalMs: 250,
      what: 'all writes queued',
    });
    // The drainer has been backing off; the queue is due again within the backoff cap.
    await owner.query(`UPDATE ehr_sync.write_queue SET next_attempt_at = now() WHERE status = 'pending'`);
    await sim.admin.goOnline();
    const started = performance.now();
    let peakRss = 0;
    await waitFor(
      async () => {
        peakRss = Math.max(peakRss, rssMiB(child.pid));
        return (await count('done')) === WRITES;
      },
      { timeoutMs: 600_000, intervalMs: 100, what: 'the queue drained' },
    );
    const drain = WRITES / ((performance.now() - started) / 1000);
    const applied = sim.admin.writes().filter((w) => w.action === 'create').length;
    process.stdout.write(`${machineLine({ writes: WRITES, concurrency: CONCURRENCY })}\n`);
    printTable('EHR write-back: drain after an outage (vendor API, same run)', [
      { measure: 'simulator raw insert rate (plain client)', 'rows/s': Math.round(raw), ratio: '1.00' },
      { measure: 'write-back drain rate', 'rows/s': Math.round(drain), ratio: (drain / raw).toFixed(2) },
    ]);
    process.stdout.write(
      `applied inserts in the EHR: ${applied} (raw ${WRITES} + drained ${WRITES}); ehr-sync peak RSS ${peakRss} MiB\n`,
    );
  } finally {
    await producer.disconnect().catch(() => undefined);
    child.kill('SIGTERM');
    await owner.end();
    await sim.close();
    await issuer.stop();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
