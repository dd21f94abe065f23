import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, infraFromEnv, newTopicSuffix, repoRoot, waitFor } from '@carebus/testing';

// `npm start` as a developer runs it: tools/dev/start.sh brings up its own Kafka broker, the five
// services, the dev issuer and the mail sink, seeds the demo clinic and prints how to book; the
// booking it prints is made and its confirmation reaches the mail sink; Ctrl-C stops everything
// it started. Isolated from the suite's infrastructure: its own broker (port, data directory),
// database, HTTP/gRPC ports and log directory.

const READY_MS = 240_000;

/** Whether nothing listens on 127.0.0.1:`port` (it can be bound now). */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base such that base+1…base+5 are free now (the services' HTTP ports). */
async function freePortBlock(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 9_000);
    const ports = [1, 2, 3, 4, 5].map((o) => base + o);
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
}

/** The `export NAME=value` lines the demo prints (several may share a line). */
function exportsOf(output: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const m = /^\s*export (.+)$/.exec(line);
    if (!m) continue;
    for (const pair of m[1]!.trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) vars[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return vars;
}

// start.sh starts or installs PostgreSQL on this machine itself; with the suite's PostgreSQL in a
// container (testcontainers mode) there is no local server to share, so the test does not run there.
const describeLocal = infraFromEnv().mode === 'containers' ? describe.skip : describe;

describeLocal('npm start (tools/dev/start.sh)', () => {
  const runDir = mkdtempSync(path.join(tmpdir(), 'carebus-start-'));
  const database = `carebus_demo_${newTopicSuffix()}`;
  const adminUrl = new URL(infraFromEnv().postgresAdminUrl);
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null>;
  const env: Record<string, string> = {};

  beforeAll(async () => {
    // Distinct ports: a service's port that is also, say, the broker's controller port would hang it.
    const [kafka, controller, grpc, issuer, smtp, sink, agentGrpc, ehrSim, ehrPush, whoami, portalGrpc] =
      await freePorts(11);
    Object.assign(env, {
      CAREBUS_RUN_DIR: runDir,
      CAREBUS_DATABASE: database,
      PGHOST: adminUrl.hostname,
      PGPORT: adminUrl.port || '5432',
      CAREBUS_KAFKA_DIR: path.join(runDir, 'kafka'),
      CAREBUS_KAFKA_PORT: String(kafka),
      CAREBUS_KAFKA_CONTROLLER_PORT: String(controller),
      CAREBUS_PORT_BASE: String(await freePortBlock()),
      CAREBUS_GRPC_PORT: String(grpc),
      CAREBUS_AGENT_GRPC_PORT: String(agentGrpc),
      CAREBUS_EHR_PUSH_GRPC_PORT: String(ehrPush),
      CAREBUS_PORTAL_GRPC_PORT: String(portalGrpc),
      CAREBUS_WHOAMI_PORT: String(whoami),
      CAREBUS_DEV_ISSUER_PORT: String(issuer),
      CAREBUS_MAIL_SINK_SMTP_PORT: String(smtp),
      CAREBUS_MAIL_SINK_HTTP_PORT: String(sink),
      CAREBUS_EHR_SIM_PORT: String(ehrSim),
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGINT');
      await within(exited, 60_000);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    const admin = new Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    rmSync(runDir, { recursive: true, force: true });
  }, 120_000);

  it('starts everything, seeds the demo clinic whose printed booking gets its e-mail, and stops on Ctrl-C', async () => {
    child = spawn('bash', ['tools/dev/start.sh'], {
      cwd: repoRoot(),
      env: { ...process.env, ...env },
      detached: true, // its own process group, so a failed test can kill what it started
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) => child!.once('exit', (code) => resolve(code)));

    await waitFor(() => output.includes('Press Ctrl-C to stop.') || child!.exitCode !== null, {
      timeoutMs: READY_MS,
      intervalMs: 250,
      what: 'npm start to print its ready banner',
    }).catch((error: Error) => {
      throw new Error(`${error.message}; its output ends with:\n${output.slice(-4000)}`);
    });
    if (child.exitCode !== null)
      throw new Error(`start.sh exited ${child.exitCode}:\n${output.slice(-4000)}`);

    const base = Number(env.CAREBUS_PORT_BASE);
    const scheduling = `http://127.0.0.1:${base + 1}`;
    expect(output).toContain(`scheduling        ${scheduling}`);
    expect(output).toContain(`gRPC for partners on 127.0.0.1:${env.CAREBUS_GRPC_PORT}`);
    expect(output).toContain(`Kafka             127.0.0.1:${env.CAREBUS_KAFKA_PORT}`);
    const vars = exportsOf(output);
    for (const name of [
      'CLINIC_ID',
      'CALENDAR_ID',
      'PATIENT_ID',
      'TYPE_ID',
      'OPERATOR_TOKEN',
      'ADMIN_TOKEN',
      'PATIENT_TOKEN',
    ]) {
      expect(vars[name]).toBeTruthy();
    }
    for (let port = base + 1; port <= base + 5; port++) {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      expect(ready.status).toBe(200);
    }

    // The operator onboarded the clinic through the API; notifications has its time zone and
    // administrator e-mail from scheduling.clinic.v1, not from the seed.
    const clinics = (await (
      await fetch(`${scheduling}/v1/clinics`, { headers: { authorization: `Bearer ${vars.OPERATOR_TOKEN}` } })
    ).json()) as { items: { id: string; name: string }[] };
    expect(clinics.items).toContainEqual(
      expect.objectContaining({ id: vars.CLINIC_ID, name: 'Carebus Demo Legesenter' }),
    );
    const settings = await fetch(`http://127.0.0.1:${base + 5}/v1/notification-settings`, {
      headers: { authorization: `Bearer ${vars.ADMIN_TOKEN}` },
    });
    expect(await settings.json()).toMatchObject({
      clinicName: 'Carebus Demo Legesenter',
      timeZone: 'Europe/Oslo',
      clinicalAdminEmail: 'klinikkadmin@demo-legesenter.example',
      clinicVersion: 1,
    });
    expect(output).toContain('staff alerts to klinikkadmin@demo-legesenter.example');

    // The demo clinic's agents are enrolled, the clinic device service named.
    const devices = (await (
      await fetch(`http://127.0.0.1:${base + 4}/v1/devices`, {
        headers: { authorization: `Bearer ${vars.ADMIN_TOKEN}` },
      })
    ).json()) as { items: { id: string; kind: string; name: string | null }[] };
    expect(devices.items).toContainEqual(
      expect.objectContaining({
        id: vars.TERMINAL_DEVICE_ID,
        kind: 'clinic_device',
        name: 'Reception terminal',
      }),
    );
    expect(devices.items).toContainEqual(
      expect.objectContaining({ id: vars.WORKSTATION_DEVICE_ID, kind: 'workstation' }),
    );

    // Messaging: the demo patient's e-consultation is listed in the GP's personal inbox, unread 1.
    const messaging = `http://127.0.0.1:${base + 2}/v1/clinics/${vars.CLINIC_ID}`;
    const gp = { authorization: `Bearer ${vars.PRACTITIONER_TOKEN}` };
    const inboxes = (await (await fetch(`${messaging}/inboxes`, { headers: gp })).json()) as {
      items: { id: string; kind: string; unread: number }[];
    };
    expect(inboxes.items).toContainEqual(
      expect.objectContaining({ id: vars.GP_INBOX_ID, kind: 'personal', unread: 1 }),
    );
    const listed = (await (
      await fetch(`${messaging}/inboxes/${vars.GP_INBOX_ID}/threads`, { headers: gp })
    ).json()) as { items: { id: string; kind: string }[] };
    expect(listed.items).toContainEqual(
      expect.objectContaining({ id: vars.MESSAGING_THREAD_ID, kind: 'e_consultation' }),
    );

    // A second seed (as `npm start` on the same database runs it) finds the clinic and its setup.
    const reseed = spawnSync(process.execPath, ['tools/dev/seed-demo.cjs'], {
      cwd: repoRoot(),
      env: {
        ...process.env,
        AUTH_ISSUER: `http://127.0.0.1:${env.CAREBUS_DEV_ISSUER_PORT}`,
        SCHEDULING_URL: scheduling,
        NOTIFICATIONS_URL: `http://127.0.0.1:${base + 5}`,
      },
      encoding: 'utf8',
    });
    expect(reseed.stderr).toBe('');
    expect(exportsOf(reseed.stdout)).toMatchObject({
      CLINIC_ID: vars.CLINIC_ID,
      CALENDAR_ID: vars.CALENDAR_ID,
      PATIENT_ID: vars.PATIENT_ID,
      TYPE_ID: vars.TYPE_ID,
    });

    // The printed example: the first free slot it names is in the printed window, and bookable.
    expect(Date.parse(vars.SLOT_START!)).toBeGreaterThan(Date.now());
    const slots = await fetch(
      `${scheduling}/v1/calendars/${vars.CALENDAR_ID}/slots?from=${vars.SLOTS_FROM}&to=${vars.SLOTS_TO}&typeId=${vars.TYPE_ID}`,
      { headers: { authorization: `Bearer ${vars.PATIENT_TOKEN}` } },
    );
    expect(slots.status).toBe(200);
    const free = (await slots.json()) as { start: string }[];
    expect(free.map((s) => s.start)).toContain(vars.SLOT_START);
    const booked = await fetch(`${scheduling}/v1/appointments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${vars.PATIENT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        calendarId: vars.CALENDAR_ID,
        appointmentTypeId: vars.TYPE_ID,
        patientId: vars.PATIENT_ID,
        start: vars.SLOT_START,
      }),
    });
    expect(booked.status).toBe(201);

    const sink = `http://127.0.0.1:${env.CAREBUS_MAIL_SINK_HTTP_PORT}/messages?to=ola.demo@patient.example`;
    const confirmation = 'Timebekreftelse fra Carebus Demo Legesenter';
    const subjects = await waitFor(
      async () => {
        const { items } = (await (await fetch(sink)).json()) as { items: { subject: string }[] };
        const all = items.map((m) => m.subject);
        return all.includes(confirmation) && all;
      },
      { timeoutMs: 60_000, what: 'the confirmation e-mail in the mail sink' },
    );
    // A slot within a day also gets its reminder at once; nothing else reaches the patient.
    expect(subjects.filter((s) => s === confirmation)).toHaveLength(1);
    expect(
      subjects.every((s) => s === confirmation || s.startsWith('Påminnelse: time hos Carebus Demo')),
    ).toBe(true);

    // Ctrl-C: the services, the issuer, the mail sink and the broker it started all stop.
    child.kill('SIGINT');
    const code = await within(exited, 90_000);
    expect(code).toBe(0);
    expect(output).toContain('[carebus] stopped');
    const down = await fetch(`${scheduling}/health/ready`).then(
      () => false,
      () => true,
    );
    expect(down).toBe(true);
    expect(await isFree(Number(env.CAREBUS_KAFKA_PORT))).toBe(true); // the broker it started is gone
  }, 420_000);
});

/** The promise's value, or 'timeout' after `ms` (the timer does not outlive the promise). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
