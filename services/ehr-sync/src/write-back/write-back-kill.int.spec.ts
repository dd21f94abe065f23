import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { Partitioners, type Producer } from '@carebus/kafka';
import {
  createTestDatabase,
  freePort,
  newClinicId,
  newTopicSuffix,
  repoRoot,
  requestJson,
  testKafka,
  testKafkaEnv,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { newKek } from '../../test/ehr-sync-under-test';
import { newSek } from '../../test/key-vault-harness';
import { publishAppointment, type TestAppointment } from '../../test/write-back-harness';

const DIST = join(repoRoot(), 'services/ehr-sync/dist');
const APPOINTMENTS = 150;

/** The built ehr-sync as its own process, killed with SIGKILL as a crashed pod is. */
class EhrSyncProcess {
  private child: ChildProcess | null = null;
  output = '';
  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { PATH: process.env.PATH, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${this.env.HTTP_PORT}/health/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      // A restart after kill -9 waits for the killed member to leave the consumer group (session timeout).
      { timeoutMs: 90_000, what: 'ehr-sync ready' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its output:\n${this.output.slice(-3000)}`);
    });
  }

  kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/**
 * kill -9 of the ehr-sync process while it drains the write queue into a slow EHR, then a
 * restart: every booking and reschedule is in the EHR exactly once, in order. Writes in flight at
 * the kill are repeated after their lease runs out, with the same idempotency key.
 */
describe('write-back: kill -9 during the drain', () => {
  let db: TestDatabase;
  let issuer: DevIssuer;
  let sim: RunningEhrSimulator;
  let producer: Producer;
  let env: Record<string, string>;
  const processes: EhrSyncProcess[] = [];
  const suffix = newTopicSuffix();
  const topic = `test.${suffix}.scheduling.appointment.v1`;
  const clinicId = newClinicId();
  const calendarId = randomUUID();
  const typeId = randomUUID();
  const patientId = randomUUID();

  const owner = async <T>(work: (c: Client) => Promise<T>) => {
    const c = new Client({ connectionString: db.url() });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };
  const doneCount = () =>
    owner(
      async (c) =>
        (
          await c.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM ehr_sync.write_queue WHERE status = 'done'`,
          )
        ).rows[0]!.n,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await DevIssuer.start({ port: 0 });
    sim = await startEhrSimulator({ port: 0, seed: 'kill', practitioners: 2, patients: 5, appointments: 5 });
    const kafka = testKafka();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    env = {
      HTTP_PORT: String(await freePort()),
      GRPC_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_ehr_sync_app'),
      DATABASE_MIGRATION_URL: db.url('carebus_ehr_sync'),
      ...testKafkaEnv(),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      EHR_SYNC_KEKS: `v1:${newKek()}`,
      CAREBUS_JOURNAL_NOTE_KEYS: `v1:${newKek()}`,
      EHR_SYNC_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
      EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: topic,
      EHR_SYNC_JOURNAL_ENTRY_TOPIC: `test.${suffix}.messaging.journal_entry.v1`,
      EHR_SYNC_JOURNAL_ANSWER_TOPIC: `test.${suffix}.ehrsync.journal_entry.v1`,
      EHR_SYNC_WRITE_BACK_GROUP: `ehr-sync-write-back-${suffix}`,
      EHR_SYNC_JOURNAL_GROUP: `ehr-sync-journal-${suffix}`,
      EHR_SYNC_EHR_TIMEOUT_MS: '2000',
      EHR_SYNC_WRITE_LEASE_MS: '3000',
      EHR_SYNC_WRITE_POLL_MS: '50',
      EHR_SYNC_WRITE_BACKOFF_BASE_MS: '100',
      EHR_SYNC_WRITE_BACKOFF_CAP_MS: '1000',
    };
    const migrated = spawnSync(process.execPath, [join(DIST, 'migrate.js')], {
      env: { PATH: process.env.PATH, ...env },
      stdio: 'inherit',
    });
    expect(migrated.status).toBe(0);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await producer?.disconnect();
    await sim?.close();
    await issuer?.stop();
    await db?.drop();
  });

  it('writes every booking and reschedule once, in order, across a SIGKILL and a restart', async () => {
    const first = new EhrSyncProcess(env);
    processes.push(first);
    await first.start();
    const url = `http://127.0.0.1:${env.HTTP_PORT}`;
    const admin = await issuer.mint({ sub: 'admin-kill', roles: ['clinic_admin'], clinicId });
    expect(
      (await requestJson(url, 'POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() })).status,
    ).toBe(201);
    const connected = await requestJson(url, 'POST', `/v1/clinics/${clinicId}/ehr-connections`, admin, {
      style: 'vendor',
      baseUrl: sim.vendorUrl,
      credentials: sim.credentials.vendor,
    });
    expect(connected.status).toBe(201);
    const connectionId = connected.body.id as string;
    await owner(async (c) => {
      for (const [kind, carebusId, externalId] of [
        ['calendar', calendarId, 'prov-1'],
        ['appointment_type', typeId, 'cls-2'],
        ['patient', patientId, 'pat-1'],
      ])
        await c.query(
          `INSERT INTO ehr_sync.ehr_links (clinic_id, connection_id, kind, carebus_id, external_id, linked_at)
           VALUES ($1, $2, $3, $4, $5, now())`,
          [clinicId, connectionId, kind, carebusId, externalId],
        );
    });

    sim.admin.setFaults({ latencyMs: 40 }); // slow enough that the kill finds writes in flight
    const appointments: TestAppointment[] = Array.from({ length: APPOINTMENTS }, (_, i) => ({
      id: randomUUID(),
      calendarId,
      patientId,
      typeId,
      start: new Date(Date.UTC(2026, 6, 1, 8) + i * 30 * 60_000),
      minutes: 30,
    }));
    for (const a of appointments) {
      await publishAppointment(producer, topic, clinicId, 'booked', a);
      await publishAppointment(producer, topic, clinicId, 'rescheduled', {
        ...a,
        start: new Date(a.start.getTime() + 24 * 3600_000),
      });
    }
    await waitFor(async () => (await doneCount()) >= 60, {
      timeoutMs: 60_000,
      what: '60 writes before the kill',
    });
    await first.kill('SIGKILL');
    const atKill = await doneCount();
    expect(atKill).toBeLessThan(2 * APPOINTMENTS);

    const second = new EhrSyncProcess(env);
    processes.push(second);
    await second.start();
    await waitFor(async () => (await doneCount()) === 2 * APPOINTMENTS, {
      timeoutMs: 120_000,
      intervalMs: 250,
      what: 'all writes done after the restart',
    });
    await second.kill('SIGTERM');

    const links = await owner(
      async (c) =>
        new Map(
          (
            await c.query<{ carebus_id: string; external_id: string }>(
              `SELECT carebus_id, external_id FROM ehr_sync.ehr_links WHERE kind = 'appointment'`,
            )
          ).rows.map((r) => [r.external_id, r.carebus_id]),
        ),
    );
    const seen = new Map<string, string[]>();
    for (const w of sim.admin.writes()) {
      const carebusId = links.get(w.recordId);
      expect(carebusId).toBeDefined(); // no stray appointment in the EHR
      seen.set(carebusId!, [...(seen.get(carebusId!) ?? []), w.action]);
    }
    expect(seen.size).toBe(APPOINTMENTS);
    for (const a of appointments) expect(seen.get(a.id)).toEqual(['create', 'reschedule']);
    // Replays reached the EHR (writes repeated after the kill) without a second effect.
    const replays = sim.admin
      .requests()
      .filter(
        (r) => r.method !== 'GET' && r.path.includes('/appointments') && r.status >= 200 && r.status < 300,
      ).length;
    process.stdout.write(
      `kill -9 after ${atKill} of ${2 * APPOINTMENTS} writes; ${replays} successful write calls for ${sim.admin.writes().length} applied writes\n`,
    );
  }, 300_000);
});
