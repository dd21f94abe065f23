import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@carebus/testing';
import { AgentProcess, enrolByCli, readAgentState } from './agent-process';
import { FakeRegistry } from './fake-registry';

// The agent process on its own, against an in-test registry that shows every call on the wire
// (the real device-registry is exercised by services/device-registry's process tests).
describe('carebus-agent process against the agent protocol', () => {
  const registry = new FakeRegistry();
  let api: string;
  let dir: string;

  beforeAll(async () => {
    api = await registry.start();
  });
  afterAll(() => registry.stop());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'carebus-agent-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('enrols with a one-time code, keeping its private key readable by its owner only', async () => {
    const code = registry.newCode();
    const enrolled = await enrolByCli({ code, kind: 'clinic-device', api, stateDir: dir });
    expect(enrolled.exitCode).toBe(0);
    expect(registry.keys.has(enrolled.deviceId)).toBe(true);
    expect(statSync(join(dir, 'device-key.pem')).mode & 0o777).toBe(0o600);
    const again = await enrolByCli({ code, kind: 'clinic-device', api, stateDir: join(dir, 'other') });
    expect(again.exitCode).toBe(1);
    expect(again.output).toMatch(/unknown code/);
  });

  it('executes each command once and reports one result per command through kill -9s', async () => {
    const { deviceId } = await enrolByCli({
      code: registry.newCode(),
      kind: 'clinic-device',
      api,
      stateDir: dir,
    });
    const agent = new AgentProcess(dir, [
      '--heartbeat-ms',
      '500',
      '--backoff-max-ms',
      '500',
      '--whoami-port',
      'off',
    ]);
    agent.start();
    await agent.connected();
    const sent = [];
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 60; i += 1) sent.push(registry.send(5_000 + i * 100));
      await sleep(150 + round * 100);
      await agent.kill9();
      agent.start();
      await agent.connected();
    }
    await waitFor(() => [...registry.commands.values()].every((c) => c.result !== undefined), {
      what: 'every command resulted',
      timeoutMs: 30_000,
    });
    expect(await agent.stop()).toBe(0);
    const state = readAgentState(dir);
    expect(state.executions).toHaveLength(sent.length);
    expect(Math.max(...state.executions.map((e) => e.executions))).toBe(1);
    expect(state.pendingResults).toBe(0);
    expect(registry.heartbeats.filter((h) => h.deviceId === deviceId).length).toBeGreaterThan(0);
    // The kills came while work was in flight: some commands reached the agent more than once.
    expect([...registry.commands.values()].some((c) => c.deliveries > 1)).toBe(true);
  });
});
