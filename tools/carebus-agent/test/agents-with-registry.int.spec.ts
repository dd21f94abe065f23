import { fromBinary } from '@bufbuild/protobuf';
import { Connectivity, DeviceStatusChangedSchema } from '@carebus/contracts';
import { waitFor } from '@carebus/testing';
import { AgentProcess, enrolByCli, readAgentState } from './agent-process';
import { RegistryWorld, type TestClinic } from './registry-world';
import { readTopic } from './topic-records';

const HEARTBEAT_MS = 500;
const MISSED = 3;
const UI_ORIGIN = 'https://clinic.carebus.test';

// Each test enrols and starts real agent processes; on a loaded machine that takes a while.
jest.setTimeout(180_000);

// Real agent processes (the built CLI) on real sockets against the built device-registry process,
// over real PostgreSQL and Kafka.
describe('carebus-agent processes with the device-registry service', () => {
  const world = new RegistryWorld();
  const agents: AgentProcess[] = [];

  beforeAll(
    () => world.start({ heartbeatMs: HEARTBEAT_MS, missedHeartbeats: MISSED, sweepMs: 200 }),
    120_000,
  );
  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.kill9()));
    await world.stop();
  });

  async function enrolled(
    clinic: TestClinic,
    kind: 'workstation' | 'clinic-device',
    options: { machineId?: string; args?: string[] } = {},
  ): Promise<{ deviceId: string; agent: AgentProcess }> {
    const stateDir = world.stateDir();
    const code = await world.enrolmentCode(clinic, kind === 'workstation' ? 'workstation' : 'clinic_device');
    const result = await enrolByCli({
      code,
      kind,
      api: world.api,
      stateDir,
      machineId: options.machineId ?? `pc-${stateDir.slice(-8)}`,
    });
    if (result.exitCode !== 0) throw new Error(`enrol failed: ${result.output}`);
    const agent = new AgentProcess(stateDir, [
      '--backoff-max-ms',
      '500',
      '--whoami-port',
      kind === 'workstation' ? '0' : 'off',
      '--ui-origin',
      UI_ORIGIN,
      ...(options.args ?? []),
    ]);
    agents.push(agent);
    return { deviceId: result.deviceId, agent };
  }

  it('enrols by the CLI; the components the agent reports appear in the API; needs_name until named', async () => {
    const clinic = await world.newClinic();
    const { deviceId, agent } = await enrolled(clinic, 'clinic-device', {
      args: ['--components', 'payment-terminal=error:"no paper",receipt-printer=not_installed'],
    });
    expect((await world.device(clinic.admin, deviceId)).state).toBe('needs_name');
    agent.start();
    const device = await waitFor(
      async () => {
        const d = await world.device(clinic.staff, deviceId);
        return d.connectivity === 'online' && d.components.length === 2 && d;
      },
      { what: 'the reported components', timeoutMs: 15_000 },
    );
    expect(device.components).toEqual([
      { name: 'payment-terminal', state: 'error', reason: 'no paper' },
      { name: 'receipt-printer', state: 'not_installed', reason: '' },
    ]);
    expect((await world.devices(clinic.admin, '?state=needs_name')).map((d) => d.id)).toEqual([deviceId]);
    expect(
      (await world.rest(clinic.admin, 'PATCH', `/v1/devices/${deviceId}`, { name: 'Reception terminal' }))
        .status,
    ).toBe(200);
    expect(await world.device(clinic.staff, deviceId)).toMatchObject({
      state: 'active',
      name: 'Reception terminal',
    });
    expect(await agent.stop()).toBe(0);
  });

  it('turns a stopped agent offline after the configured missed heartbeats and emits the change', async () => {
    const clinic = await world.newClinic();
    const { deviceId, agent } = await enrolled(clinic, 'workstation');
    agent.start();
    await waitFor(async () => (await world.device(clinic.staff, deviceId)).connectivity === 'online', {
      what: 'online',
    });
    expect(await agent.stop()).toBe(0);
    const stoppedAt = Date.now();
    await waitFor(async () => (await world.device(clinic.staff, deviceId)).connectivity === 'offline', {
      what: 'offline',
      timeoutMs: 15_000,
    });
    // Not before the missed heartbeats' time has passed (less the one interval already under way).
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual((MISSED - 1) * HEARTBEAT_MS);
    const changes = await waitFor(
      async () => {
        const records = (await readTopic(world.topics.device)).filter(
          (r) => r.key === deviceId && r.type === 'carebus.devices.device.status_changed.v1',
        );
        const decoded = records.map((r) => fromBinary(DeviceStatusChangedSchema, r.value!));
        return decoded.some((e) => e.connectivity === Connectivity.OFFLINE) && decoded;
      },
      { what: 'the offline event on Kafka', timeoutMs: 20_000 },
    );
    expect(changes.map((e) => e.connectivity)).toEqual([Connectivity.ONLINE, Connectivity.OFFLINE]);
  });

  it('lists this computer apart from the other computers and devices, with two workstations and one clinic device', async () => {
    const clinic = await world.newClinic();
    const a = await enrolled(clinic, 'workstation', { machineId: 'computer-a' });
    const b = await enrolled(clinic, 'workstation', { machineId: 'computer-b' });
    const terminal = await enrolled(clinic, 'clinic-device', { machineId: 'computer-c' });
    for (const agent of [a, b, terminal]) agent.agent.start();
    const port = await waitFor(() => /"msg":"serving \/whoami"[^\n]*"port":(\d+)/.exec(a.agent.output)?.[1], {
      what: "computer A's /whoami",
    });
    const whoami = await fetch(`http://127.0.0.1:${port}/whoami`, { headers: { Origin: UI_ORIGIN } });
    const { device_id, proof } = (await whoami.json()) as { device_id: string; proof: string };
    expect(device_id).toBe(a.deviceId);
    const here = await world.devices(clinic.practitioner, '?view=this_computer', {
      'Carebus-Computer': proof,
    });
    const elsewhere = await world.devices(clinic.practitioner, '?view=other', { 'Carebus-Computer': proof });
    expect(here.map((d) => d.id)).toEqual([a.deviceId]);
    expect(elsewhere.map((d) => d.id).sort()).toEqual([b.deviceId, terminal.deviceId].sort());
    for (const agent of [a, b, terminal]) expect(await agent.agent.stop()).toBe(0);
  });

  it("keeps two clinics apart: neither sees the other's devices or commands", async () => {
    const [one, two] = [await world.newClinic(), await world.newClinic()];
    const first = await enrolled(one, 'clinic-device');
    const second = await enrolled(two, 'clinic-device');
    for (const [clinic, device] of [
      [one, first],
      [two, second],
    ] as const) {
      await world.rest(clinic.admin, 'PATCH', `/v1/devices/${device.deviceId}`, {
        name: 'Reception terminal',
      });
      device.agent.start();
    }
    const sent = await world.sendPayment(one.staff, first.deviceId, 45_000);
    expect(sent.status).toBe(202);
    await waitFor(
      async () => (await world.command(one.staff, sent.body.commandId)).body.status === 'completed',
      {
        what: 'the payment completed',
        timeoutMs: 20_000,
      },
    );
    expect((await world.rest(two.admin, 'GET', `/v1/devices/${first.deviceId}`)).status).toBe(404);
    expect((await world.command(two.staff, sent.body.commandId)).status).toBe(404);
    expect((await world.sendPayment(two.staff, first.deviceId, 100)).status).toBe(404);
    expect((await world.devices(two.admin)).map((d) => d.id)).toEqual([second.deviceId]);
    expect((await world.devices(one.admin)).map((d) => d.id)).toEqual([first.deviceId]);
    // Only the first clinic's agent ever saw the command.
    expect(readAgentState(first.agent.stateDir).executions.map((e) => e.commandId)).toEqual([
      sent.body.commandId,
    ]);
    expect(readAgentState(second.agent.stateDir).executions).toEqual([]);
    for (const device of [first, second]) expect(await device.agent.stop()).toBe(0);
  });
});
