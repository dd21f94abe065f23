import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DevIssuer } from '@carebus/auth';
import {
  appointmentEventRecord,
  createTestDatabase,
  freePort,
  testKafkaEnv,
  newTopicSuffix,
  repoRoot,
  testKafka,
  waitFor,
  type TestDatabase,
} from '@carebus/testing';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Partitioners } from '@carebus/kafka';
import { HttpSink, SmtpSink } from '@carebus/mail-sink';

const DIST = join(repoRoot(), 'services/notifications/dist');
const REMINDERS = 1000;
const CANARY = { name: 'Zebedee Canarysson', email: 'zebedee.canary@patient.example', phone: '+4791357913' };

function appointmentFor(clinicId: string, patientId: string) {
  const start = new Date(Date.now() + 10 * 3600_000);
  return {
    appointmentId: randomUUID(),
    clinicId,
    calendarId: randomUUID(),
    patientId,
    appointmentTypeId: randomUUID(),
    startTime: timestampFromDate(start),
    endTime: timestampFromDate(new Date(start.getTime() + 20 * 60_000)),
    status: 1,
    notificationsEnabled: true,
    appointmentTypeName: 'Konsultasjon',
  };
}

/** The built service as a child process (as in production), its output captured for the PHI check. */
const started: ServiceProcess[] = [];

class ServiceProcess {
  child: ChildProcess | null = null;
  output = '';
  constructor(private readonly env: Record<string, string>) {
    started.push(this);
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: { ...process.env, ...this.env },
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
      { timeoutMs: 60_000, what: 'the service to be ready' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; its output ends with:\n${this.output.slice(-4000)}`);
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

describe('two replicas, kill -9 of one while 1,000 reminders are due, restart: count in the SMTP sink', () => {
  let db: TestDatabase;
  let issuer: DevIssuer;
  let smtp: SmtpSink;
  let http: HttpSink;
  let env: Record<string, string>;
  const clinicId = randomUUID();
  let logs = '';

  const owner = async <T>(work: (c: Client) => Promise<T>) => {
    // The superuser: row-level security binds the owner too.
    const c = new Client({ connectionString: db.url() });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    issuer = await DevIssuer.start({ port: 0 });
    smtp = new SmtpSink({ port: 0 });
    await smtp.start();
    http = new HttpSink({ port: 0, smtp });
    await http.start();
    const suffix = newTopicSuffix();
    env = {
      HTTP_PORT: String(await freePort()),
      DATABASE_URL: db.url('carebus_notifications_app'),
      DATABASE_MIGRATION_URL: db.url('carebus_notifications'),
      ...testKafkaEnv(),
      AUTH_ISSUER: issuer.issuer,
      AUTH_JWKS_URL: issuer.jwksUrl,
      LOG_LEVEL: 'debug',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      NOTIFICATIONS_CONSUMER_GROUP: `notifications-${suffix}`,
      NOTIFICATIONS_APPOINTMENT_TOPIC: `test.${suffix}.scheduling.appointment.v1`,
      NOTIFICATIONS_ALERT_TOPIC: `test.${suffix}.ehrsync.alert.v1`,
      NOTIFICATIONS_CLINIC_TOPIC: `test.${suffix}.scheduling.clinic.v1`,
      NOTIFICATIONS_REACHABILITY_TOPIC: `test.${suffix}.messaging.patient_reachability.v1`,
      NOTIFICATIONS_DIALOGUE_TOPIC: `test.${suffix}.messaging.dialogue.v1`,
      NOTIFICATIONS_DEVICE_TOPIC: `test.${suffix}.devices.device.v1`,
      DISPATCH_LEASE_MS: '3000',
      DISPATCH_POLL_MS: '50',
      EMAIL_RATE_PER_SEC: '400',
    };
    const migrated = spawnSync(process.execPath, [join(DIST, 'migrate.js')], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    expect(migrated.status).toBe(0);
    // Parked a day ahead; the test makes them all due at once after the canary went out.
    const due = new Date(Date.now() + 24 * 3600_000);
    await owner(async (c) => {
      await c.query(
        `INSERT INTO notifications.clinic_settings (clinic_id, clinic_name, sender_email) VALUES ($1, 'Krasj-klinikken', 'post@krasj.example')`,
        [clinicId],
      );
      await c.query(
        `INSERT INTO notifications.patient_contacts (clinic_id, patient_id, name, email)
         SELECT $1, gen_random_uuid(), 'Patient ' || i, 'p' || i || '@patient.example' FROM generate_series(1, $2) i`,
        [clinicId, REMINDERS],
      );
      await c.query(
        `INSERT INTO notifications.notifications (id, clinic_id, kind, recipient_kind, recipient_id, appointment_id, cause_event_id,
           dedupe_key, channels, status, due_at, language, data, created_at)
         SELECT gen_random_uuid(), $1, 'appointment_reminder', 'patient', patient_id::text, gen_random_uuid(), 'seed',
                'seed:' || patient_id, '{email}', 'pending', $2, 'nb',
                jsonb_build_object('startTime', to_jsonb(($2::timestamptz + interval '30 hours'))), now()
           FROM notifications.patient_contacts WHERE clinic_id = $1`,
        [clinicId, due],
      );
    });
  });

  afterAll(async () => {
    await Promise.all(started.map((p) => p.kill('SIGKILL'))); // only if a failed test left one running
    await http?.stop();
    await smtp?.stop();
    await issuer?.stop();
    await db?.drop();
  });

  it('delivers every reminder at least once; duplicates are at most the in-doubt attempts found at recovery', async () => {
    const first = new ServiceProcess(env);
    const other = new ServiceProcess({ ...env, HTTP_PORT: String(await freePort()) });
    await Promise.all([first.start(), other.start()]);
    // Patient-data canary: REST writes and reads of a contact, while the service logs at debug.
    const token = await issuer.mint({ sub: 'admin-canary', clinicId, roles: ['clinic_admin'] } as never);
    const canaryId = randomUUID();
    const put = await fetch(`http://127.0.0.1:${env.HTTP_PORT}/v1/patient-contacts/${canaryId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...CANARY, preferredChannel: 'email' }),
    });
    expect(put.status).toBe(200);
    expect(
      (
        await fetch(`http://127.0.0.1:${env.HTTP_PORT}/v1/patient-contacts/${canaryId}?q=${CANARY.email}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200);

    // ...and the canary's own booking confirmation through Kafka, rendered with the name and sent.
    const kafka = testKafka();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const canaryAppointment = appointmentFor(clinicId, canaryId);
    await producer.send({
      topic: env.NOTIFICATIONS_APPOINTMENT_TOPIC!,
      messages: [appointmentEventRecord(canaryAppointment)],
    });
    await producer.disconnect();
    await waitFor(() => smtp.messages.some((m) => m.envelopeTo.includes(CANARY.email)), {
      timeoutMs: 30_000,
      what: "the canary's confirmation",
    });
    await owner((c) =>
      c.query(
        `UPDATE notifications.notifications SET due_at = now() - interval '1 minute' WHERE kind = 'appointment_reminder'`,
      ),
    );

    await waitFor(() => smtp.messages.length >= 200, {
      timeoutMs: 60_000,
      what: '200 reminders before the kill',
    });
    await first.kill('SIGKILL'); // the other replica keeps sending and takes over the dead one's leases
    const sentBeforeKill = smtp.messages.length;
    const inDoubt = await owner(async (c) =>
      Number(
        (
          await c.query(
            `SELECT count(*) AS n FROM notifications.notifications WHERE in_doubt_since IS NOT NULL AND status = 'pending'`,
          )
        ).rows[0].n,
      ),
    );

    const second = new ServiceProcess(env);
    await second.start();
    await waitFor(
      () =>
        owner(
          async (c) =>
            Number(
              (await c.query(`SELECT count(*) AS n FROM notifications.notifications WHERE status = 'sent'`))
                .rows[0].n,
            ) ===
            REMINDERS + 1, // and the canary's confirmation
        ),
      { timeoutMs: 120_000, what: 'every reminder marked sent' },
    ).catch(async (error: Error) =>
      owner(async (c) => {
        const { rows } = await c.query(
          `SELECT kind, status, count(*) FROM notifications.notifications GROUP BY 1, 2`,
        );
        throw new Error(`${error.message}: ${JSON.stringify(rows)}`);
      }),
    );
    await Promise.all([second.kill('SIGTERM'), other.kill('SIGTERM')]);
    logs = first.output + second.output + other.output;

    const raw = smtp.messages.filter((m) => !m.envelopeTo.includes(CANARY.email)).length;
    const reminders = smtp.messages.filter((m) => !m.envelopeTo.includes(CANARY.email));
    const distinct = new Set(reminders.map((m) => m.messageId)).size;
    const inDoubtLogged = await owner(async (c) =>
      Number(
        (await c.query(`SELECT count(*) AS n FROM notifications.delivery_log WHERE event = 'in_doubt'`))
          .rows[0].n,
      ),
    );
    console.log(
      JSON.stringify({
        reminders: REMINDERS,
        sentBeforeKill,
        inDoubtAtRecovery: inDoubt,
        inDoubtLogged,
        rawMessages: raw,
        distinctMessageIds: distinct,
        duplicates: raw - distinct,
      }),
    );
    expect(distinct).toBe(REMINDERS);
    // In-doubt attempts: those left by the killed replica (found by whichever replica recovered them).
    expect(raw - distinct).toBeLessThanOrEqual(inDoubtLogged);
    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages)
      perRecipient.set(m.envelopeTo[0]!, (perRecipient.get(m.envelopeTo[0]!) ?? 0) + 1);
    expect(perRecipient.size).toBe(REMINDERS + 1);
    expect(smtp.messages.find((m) => m.envelopeTo.includes(CANARY.email))!.text).toContain(CANARY.name);
  }, 240_000);

  it("never writes the canary patient's name, phone or e-mail address to the logs", () => {
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [CANARY.name, CANARY.email, CANARY.phone, 'p17@patient.example', 'Patient 17']) {
      expect(logs).not.toContain(secret);
    }
  });
});
