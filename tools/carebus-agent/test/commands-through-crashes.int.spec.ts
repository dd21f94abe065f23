import { setTimeout as sleep } from 'node:timers/promises';
import { TcpProxy, waitFor } from '@carebus/testing';
import { AgentProcess, enrolByCli, readAgentState } from './agent-process';
import { RegistryWorld, type TestClinic } from './registry-world';
import { countByKey, readTopic } from './topic-records';

/** Commands sent in all; CAREBUS_AGENT_CRASH_COMMANDS makes a smaller run. */
const COMMANDS = Number(process.env.CAREBUS_AGENT_CRASH_COMMANDS ?? 1_000);
/** How long the agent is cut off from the registry (≥ 10 s in CI: CAREBUS_AGENT_OFFLINE_MS). */
const OFFLINE_MS = Number(process.env.CAREBUS_AGENT_OFFLINE_MS ?? 30_000);
/** Commands sent while offline with a deadline shorter than the outage: they must expire. */
const EXPIRING = 50;
const TERMINAL = new Set(['completed', 'failed', 'expired']);

describe(`${COMMANDS} commands to a clinic device agent kill -9'd three times and offline for ${OFFLINE_MS / 1000} s`, () => {
  const world = new RegistryWorld();
  let proxy: TcpProxy;
  let clinic: TestClinic;
  let deviceId: string;
  let agent: AgentProcess;

  beforeAll(async () => {
    await world.start({ heartbeatMs: 1_000, missedHeartbeats: 3, sweepMs: 250 });
    proxy = new TcpProxy('127.0.0.1', world.grpcPort);
    await proxy.start();
    clinic = await world.newClinic();
    const stateDir = world.stateDir();
    const code = await world.enrolmentCode(clinic, 'clinic_device');
    ({ deviceId } = await enrolByCli({
      code,
      kind: 'clinic-device',
      api: `grpc://127.0.0.1:${proxy.port}`,
      stateDir,
    }));
    await world.rest(clinic.admin, 'PATCH', `/v1/devices/${deviceId}`, { name: 'Reception terminal' });
    agent = new AgentProcess(stateDir, ['--backoff-max-ms', '1000', '--whoami-port', 'off']);
  }, 120_000);
  afterAll(async () => {
    await agent?.kill9();
    await proxy?.stop();
    await world.stop();
  });

  it('records exactly one result per command, runs none twice, expires the late ones, and publishes each completion once', async () => {
    agent.start();
    await agent.connected();
    const sent: { commandId: string; expiring: boolean }[] = [];
    const send = async (count: number, options: { deadlineSeconds?: number; expiring?: boolean } = {}) => {
      for (let i = 0; i < count; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, count - i) }, (_, j) => {
            // Minor part 00: never the terminal's timeout; every 7th above the limit: declined.
            const n = sent.length + i + j;
            return world.sendPayment(clinic.staff, deviceId, n % 7 === 0 ? 2_000_000 : 1_000 + n * 100, {
              deadlineSeconds: options.deadlineSeconds ?? 3_600,
            });
          }),
        );
        for (const response of batch) {
          expect(response.status).toBe(202);
          sent.push({ commandId: response.body.commandId, expiring: options.expiring ?? false });
        }
      }
    };
    const normal = COMMANDS - EXPIRING;
    const quarter = Math.floor(normal / 4);
    for (let kill = 0; kill < 3; kill += 1) {
      const before = readAgentState(agent.stateDir).executions.length;
      await send(quarter);
      // Mid-stream: once the agent is working through this round, some commands acknowledged,
      // executed or reported and some not.
      await waitFor(
        () => readAgentState(agent.stateDir).executions.length >= before + Math.ceil(quarter / 10),
        {
          what: 'the agent working through the round',
          timeoutMs: 60_000,
        },
      );
      await agent.kill9();
      agent.start();
      await agent.connected();
    }
    await proxy.cut();
    const offlineFrom = Date.now();
    await send(EXPIRING, { deadlineSeconds: Math.max(2, Math.floor(OFFLINE_MS / 2000)), expiring: true });
    await send(normal - 3 * quarter);
    await sleep(Math.max(0, OFFLINE_MS - (Date.now() - offlineFrom)));
    await proxy.start();

    const statuses = new Map<string, string>();
    await waitFor(
      async () => {
        const open = sent.filter((s) => !TERMINAL.has(statuses.get(s.commandId) ?? ''));
        for (let i = 0; i < open.length; i += 20) {
          await Promise.all(
            open.slice(i, i + 20).map(async ({ commandId }) => {
              const { body } = await world.command(clinic.staff, commandId);
              statuses.set(commandId, body.status);
            }),
          );
        }
        return sent.every((s) => TERMINAL.has(statuses.get(s.commandId) ?? ''));
      },
      // Generous: on a loaded shared machine the registry took up to ~1 s per acknowledgement + report.
      { what: 'every command finished', timeoutMs: 1_500_000, intervalMs: 2_000 },
    ).catch((error: Error) => {
      const histogram: Record<string, number> = {};
      for (const s of sent)
        histogram[statuses.get(s.commandId) ?? '?'] = (histogram[statuses.get(s.commandId) ?? '?'] ?? 0) + 1;
      throw new Error(
        `${error.message}: ${JSON.stringify(histogram)}; the agent's output ends with:\n${agent.output.slice(-4000)}`,
      );
    });

    const expired = sent.filter((s) => statuses.get(s.commandId) === 'expired');
    const resulted = sent.filter((s) => statuses.get(s.commandId) !== 'expired');
    expect(expired.map((s) => s.commandId).sort()).toEqual(
      sent
        .filter((s) => s.expiring)
        .map((s) => s.commandId)
        .sort(),
    );
    expect(resulted.every((s) => statuses.get(s.commandId) === 'completed')).toBe(true);

    // The components' execution log: every resulted command once, no expired one ever started.
    await waitFor(() => readAgentState(agent.stateDir).pendingResults === 0, {
      what: 'the agent outbox drained',
    });
    const log = readAgentState(agent.stateDir).executions;
    expect(log.map((e) => e.commandId).sort()).toEqual(resulted.map((s) => s.commandId).sort());
    expect(log.filter((e) => e.executions !== 1)).toEqual([]);
    const redelivered = log.filter((e) => e.deliveries > 1).length;

    // Kafka: one CommandCompleted per completed command, none for the expired ones.
    const completions = await waitFor(
      async () => {
        const counts = countByKey(
          await readTopic(world.topics.command),
          'carebus.devices.command.completed.v1',
        );
        return counts.size >= resulted.length && counts;
      },
      { what: 'the completions on Kafka', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect([...completions.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect([...completions.keys()].sort()).toEqual(resulted.map((s) => s.commandId).sort());
    expect(agent.starts).toBe(4);
    process.stdout.write(
      `[commands-through-crashes] ${sent.length} commands: ${resulted.length} completed, ${expired.length} expired; ` +
        `${redelivered} reached the agent more than once and ran once; ${agent.countLines('connected')} sessions\n`,
    );
    expect(await agent.stop()).toBe(0);
  }, 2_400_000);
});
