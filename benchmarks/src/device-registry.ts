// npm run bench -- device-registry [agents] [heartbeat-seconds] [command-seconds]
// The built device-registry as its own process with simulated agents speaking the real agent
// protocol (carebus.devices.v1.AgentService over gRPC, each agent its own key and connection):
// (1) heartbeats/s processed with every agent connected (command stream open), closed loop
//     with BENCH_IN_FLIGHT calls in flight, beside the raw `pg` upsert rate of the same rows;
// (2) memory per connected agent: the service's RSS delta from before the agents connected to
//     after, divided by the agents;
// (3) command round trip (REST send → stream → acknowledge → ReportResult recorded) p50/p99 at
//     BENCH_COMMAND_RATE commands/s (default 200), open loop.
import { randomBytes, randomUUID } from 'node:crypto';
import { DevIssuer } from '@carebus/auth';
import { toWireReport } from '@carebus/carebus-agent';
import { createTestDatabase, freePort, testKafkaEnv } from '@carebus/testing';
import { rawHeartbeatUpsertRate } from './device-registry/heartbeat-baseline';
import { runDeviceRegistry } from './device-registry/registry-process';
import { SimulatedAgent } from './device-registry/simulated-agent';
import { machineLine, printTable, rssMiB } from './machine';
import { percentile } from './statistics';

const AGENTS = Number(process.argv[2] ?? 5_000);
const HEARTBEAT_SECONDS = Number(process.argv[3] ?? 10);
const COMMAND_SECONDS = Number(process.argv[4] ?? 10);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const COMMAND_RATE = Number(process.env.BENCH_COMMAND_RATE ?? 200);
const AGENTS_PER_CLINIC = 50;
const COMMAND_TARGETS = Math.min(AGENTS, 50);

async function rest<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function inBatches<T>(
  items: T[],
  size: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size)
    await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)));
}

async function main(): Promise<void> {
  const db = await createTestDatabase('carebus_bench');
  const issuer = await DevIssuer.start({ port: 0 });
  const grpcPort = await freePort();
  const suffix = randomBytes(4).toString('hex');
  const service = await runDeviceRegistry({
    DATABASE_URL: db.url('carebus_device_registry_app'),
    DATABASE_MIGRATION_URL: db.url('carebus_device_registry'),
    ...testKafkaEnv(),
    AUTH_ISSUER: issuer.issuer,
    AUTH_JWKS_URL: issuer.jwksUrl,
    HTTP_PORT: String(await freePort()),
    GRPC_PORT: String(grpcPort),
    DEVICE_REGISTRY_SEAL_KEY: randomBytes(32).toString('base64'),
    DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS: '60000',
    DEVICE_REGISTRY_DEVICE_TOPIC: `bench.${suffix}.devices.device.v1`,
    DEVICE_REGISTRY_COMMAND_TOPIC: `bench.${suffix}.devices.command.v1`,
    LOG_LEVEL: 'warn',
  });
  const api = `grpc://127.0.0.1:${grpcPort}`;
  const agents = Array.from({ length: AGENTS }, (_, i) => new SimulatedAgent(api, i));
  try {
    console.log(machineLine({ agents: AGENTS, inFlight: IN_FLIGHT, commandRate: COMMAND_RATE }));
    // Enrolment: one clinic per 50 agents, a code per agent from the clinic admin.
    const clinics = await Promise.all(
      Array.from({ length: Math.ceil(AGENTS / AGENTS_PER_CLINIC) }, async () => {
        const clinicId = randomUUID();
        return {
          clinicId,
          admin: await issuer.mint({ sub: randomUUID(), clinicId, roles: ['clinic_admin'] }),
          staff: await issuer.mint({ sub: randomUUID(), clinicId, roles: ['staff'] }),
        };
      }),
    );
    const clinicOf = (i: number) => clinics[Math.floor(i / AGENTS_PER_CLINIC)]!;
    const enrolStart = Date.now();
    await inBatches(agents, 20, async (agent, i) => {
      const { code } = await rest<{ code: string }>(
        service.url,
        clinicOf(i).admin,
        'POST',
        '/v1/enrolment-codes',
        {
          kind: 'clinic_device',
        },
      );
      await agent.enrol(code, i);
      await agent.refreshToken();
    });
    const enrolSeconds = (Date.now() - enrolStart) / 1000;
    await inBatches(agents.slice(0, COMMAND_TARGETS), 10, async (agent, i) => {
      await rest(service.url, clinicOf(i).admin, 'PATCH', `/v1/devices/${agent.deviceId}`, {
        name: `Terminal ${i}`,
      });
    });

    // (2) Memory: RSS before and after every agent connects and sends one heartbeat.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rssBefore = rssMiB(service.pid);
    const recorded = new Map<string, number>();
    const onCommand = (agent: SimulatedAgent, command: Record<string, unknown>) => {
      const commandId = String(command.commandId);
      void agent.client
        .acknowledge(commandId)
        .then(() =>
          agent.client.reportResult(
            toWireReport({
              commandId,
              idempotencyId: String(command.idempotencyId),
              kind: 'payment',
              outcome: 'completed',
              result: { status: 'approved', authorisationCode: 'BENCH1', maskedCard: '**** 4242' },
              producedAt: new Date(),
            }),
          ),
        )
        .then(() => recorded.set(commandId, performance.now()))
        .catch((error: Error) => console.error(`command ${commandId}: ${error.message}`));
    };
    await inBatches(agents, 100, async (agent) => {
      await agent.connect(onCommand);
      await agent.heartbeat();
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const rssAfter = rssMiB(service.pid);
    const kibPerAgent = ((rssAfter - rssBefore) * 1024) / AGENTS;

    // (1) Heartbeats/s with every agent connected, then the raw upsert rate of the same rows.
    await Promise.all(agents.map((agent) => agent.refreshToken()));
    let heartbeats = 0;
    let failures = 0;
    const until = Date.now() + HEARTBEAT_SECONDS * 1000;
    const hbStart = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async (_, worker) => {
        for (let i = worker; Date.now() < until; i += IN_FLIGHT) {
          await agents[i % AGENTS]!.heartbeat().then(
            () => (heartbeats += 1),
            () => (failures += 1),
          );
        }
      }),
    );
    const heartbeatRate = heartbeats / ((Date.now() - hbStart) / 1000);
    const rawRate = await rawHeartbeatUpsertRate(db.url(), AGENTS, HEARTBEAT_SECONDS, IN_FLIGHT, 10);

    // (3) Command round trip at a fixed rate, open loop over the named terminals.
    await Promise.all(agents.map((agent) => agent.refreshToken()));
    const sentAt = new Map<string, number>();
    const total = COMMAND_RATE * COMMAND_SECONDS;
    const cmdStart = performance.now();
    const sends: Promise<void>[] = [];
    for (let n = 0; n < total; n += 1) {
      const due = cmdStart + (n * 1000) / COMMAND_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const target = n % COMMAND_TARGETS;
      const t0 = performance.now();
      sends.push(
        rest<{ commandId: string }>(
          service.url,
          clinicOf(target).staff,
          'POST',
          `/v1/devices/${agents[target]!.deviceId}/commands`,
          {
            kind: 'payment',
            idempotencyId: randomUUID(),
            payment: { amountMinor: 10_000 + n, currency: 'NOK', reference: `B-${n}` },
          },
        ).then(({ commandId }) => void sentAt.set(commandId, t0)),
      );
    }
    await Promise.all(sends);
    const deadline = Date.now() + 30_000;
    while ([...sentAt.keys()].some((id) => !recorded.has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const trips = [...sentAt].filter(([id]) => recorded.has(id)).map(([id, t0]) => recorded.get(id)! - t0);
    const achievedRate = total / ((performance.now() - cmdStart) / 1000);

    printTable('device-registry', [
      { figure: 'agents enrolled (s)', value: `${AGENTS} (${enrolSeconds.toFixed(1)} s)`, target: '' },
      { figure: 'heartbeats/s, all agents connected', value: heartbeatRate.toFixed(0), target: '' },
      { figure: 'heartbeat failures', value: failures, target: '0' },
      { figure: 'raw pg upsert/s, same rows', value: rawRate.toFixed(0), target: '' },
      { figure: 'ratio heartbeats / raw', value: (heartbeatRate / rawRate).toFixed(2), target: '≥ 0.5' },
      { figure: 'service RSS before → after connect (MiB)', value: `${rssBefore} → ${rssAfter}`, target: '' },
      { figure: 'memory per connected agent (KiB)', value: kibPerAgent.toFixed(1), target: '≤ 20' },
      {
        figure: `commands sent (rate/s achieved)`,
        value: `${total} (${achievedRate.toFixed(0)})`,
        target: `${COMMAND_RATE}`,
      },
      { figure: 'command results recorded', value: trips.length, target: String(total) },
      { figure: 'round trip p50 (ms)', value: percentile(trips, 50).toFixed(1), target: '' },
      { figure: 'round trip p99 (ms)', value: percentile(trips, 99).toFixed(1), target: '' },
    ]);
  } finally {
    for (const agent of agents) agent.close();
    await service.stop();
    await issuer.stop();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
