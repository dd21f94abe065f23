import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newClinicId, repoRoot } from '@carebus/testing';
import { startDeviceHarness, type DeviceHarness } from '../test/device-harness';
import { TestAgent } from '../test/test-agent';

const run = promisify(execFile);

/**
 * `npm start`'s device seed (tools/dev/seed-devices.cjs) as a real child process against the
 * service: one workstation and one named clinic device service enrolled, their identities written
 * for the agent (the key works for device tokens), and a second run changes nothing.
 */
describe('demo device seed', () => {
  let h: DeviceHarness;
  let dir: string;
  const clinicId = newClinicId();

  beforeAll(async () => {
    h = await startDeviceHarness();
    dir = mkdtempSync(join(tmpdir(), 'carebus-agents-'));
  }, 90_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('enrols and names the demo agents once, and leaves identities the agent can use', async () => {
    const admin = await h.token(clinicId, ['clinic_admin'], 'demo-admin');
    const env = {
      ...process.env,
      DEVICE_REGISTRY_URL: h.svc.url,
      DEVICE_REGISTRY_GRPC: h.grpcAddress,
      ADMIN_TOKEN: admin,
      AGENTS_DIR: dir,
    };
    const script = join(repoRoot(), 'tools/dev/seed-devices.cjs');
    const first = await run('node', [script], { env });
    expect(first.stdout).toMatch(/export TERMINAL_DEVICE_ID=[0-9a-f-]{36}/);
    const list = await h.call<{ items: { id: string; kind: string; name: string | null; state: string }[] }>(
      'GET',
      '/v1/devices',
      admin,
    );
    expect(list.body.items.map((d) => [d.kind, d.name, d.state]).sort()).toEqual([
      ['clinic_device', 'Reception terminal', 'active'],
      ['workstation', null, 'active'],
    ]);

    const file = join(dir, 'clinic-device', 'identity.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const identity = JSON.parse(readFileSync(file, 'utf8')) as { deviceId: string; privateKeyPem: string };
    const agent = new TestAgent(h.grpcAddress, { kind: 'clinic-device' });
    agent.deviceId = identity.deviceId;
    const { createPrivateKey } = await import('node:crypto');
    Object.assign(agent, { privateKey: createPrivateKey(identity.privateKeyPem) });
    await expect(agent.heartbeat()).resolves.toMatchObject({ name: 'Reception terminal' });
    agent.close();

    await run('node', [script], { env });
    expect((await h.call<{ items: unknown[] }>('GET', '/v1/devices', admin)).body.items).toHaveLength(2);
  });
});
