import { newClinicId, waitFor } from '@carebus/testing';
import { startDeviceHarness, type DeviceHarness } from '../../test/device-harness';

type Device = { id: string; name: string | null; state: string; connectivity: string; components: unknown[] };
type Page = { items: Device[]; nextCursor: string | null };

/**
 * The device list over real PostgreSQL and a real gRPC socket: naming, the two views, component
 * statuses, offline after missed heartbeats with its events, and clinics that see nothing of each
 * other.
 */
describe('devices', () => {
  let h: DeviceHarness;
  const clinicId = newClinicId();
  let admin: string;
  let practitioner: string;

  beforeAll(async () => {
    h = await startDeviceHarness({
      DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS: '300',
      DEVICE_REGISTRY_MISSED_HEARTBEATS: '2',
      DEVICE_REGISTRY_SWEEP_INTERVAL_MS: '100',
      DEVICE_REGISTRY_OFFLINE_ALERT_MS: '600',
    });
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    practitioner = await h.token(clinicId, ['practitioner'], 'dr-pat');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('lists a new clinic device service as needs_name until an admin names it; every user sees the name at once', async () => {
    const terminal = await h.agent(admin, { kind: 'clinic-device', hostname: 'front-desk' });
    const waiting = await h.call<Page>('GET', '/v1/devices?state=needs_name', admin);
    expect(waiting.body.items.map((d) => d.id)).toEqual([terminal.deviceId]);
    expect(waiting.body.items[0]).toMatchObject({ state: 'needs_name', name: null });

    const refused = await h.call('PATCH', `/v1/devices/${terminal.deviceId}`, practitioner, { name: 'Mine' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('devices.admin_only');
    const denied = await h.sql.query(
      `SELECT action, outcome FROM device_registry.audit_log WHERE clinic_id = $1 AND subject = 'dr-pat' AND outcome = 'denied'`,
      [clinicId],
    );
    expect(denied.rows).toHaveLength(1);

    const named = await h.call('PATCH', `/v1/devices/${terminal.deviceId}`, admin, {
      name: 'Reception terminal',
    });
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ name: 'Reception terminal', state: 'active' });
    const seen = await h.call<Device>('GET', `/v1/devices/${terminal.deviceId}`, practitioner);
    expect(seen.body).toMatchObject({ name: 'Reception terminal', state: 'active' });
    expect((await h.call<Page>('GET', '/v1/devices?state=needs_name', admin)).body.items).toHaveLength(0);
    await expect(terminal.heartbeat()).resolves.toMatchObject({ name: 'Reception terminal' });
    const audit = await h.sql.query(
      `SELECT action FROM device_registry.audit_log WHERE clinic_id = $1 AND subject = 'admin-anne' AND outcome = 'allowed' ORDER BY id`,
      [clinicId],
    );
    expect(audit.rows.map((r) => r.action)).toContain('device.rename');
  });

  it('answers "this computer" and "other computers and devices" from the workstation’s proof', async () => {
    const clinic = newClinicId();
    const boss = await h.token(clinic);
    const doctor = await h.token(clinic, ['practitioner']);
    const a = await h.agent(boss, { kind: 'workstation', machineId: 'pc-a', clinicId: clinic });
    const b = await h.agent(boss, { kind: 'workstation', machineId: 'pc-b', clinicId: clinic });
    const terminal = await h.agent(boss, { kind: 'clinic-device', machineId: 'pc-c', clinicId: clinic });
    const proof = { 'Carebus-Computer': await a.token('carebus-computer-proof', 30) };

    const here = await h.call<Page>('GET', '/v1/devices?view=this_computer', doctor, undefined, proof);
    expect(here.status).toBe(200);
    expect(here.body.items.map((d) => d.id)).toEqual([a.deviceId]);
    const elsewhere = await h.call<Page>('GET', '/v1/devices?view=other', doctor, undefined, proof);
    expect(elsewhere.body.items.map((d) => d.id).sort()).toEqual([b.deviceId, terminal.deviceId].sort());

    const forged = { 'Carebus-Computer': await a.token('carebus-device-registry', 30) };
    const bad = await h.call('GET', '/v1/devices?view=this_computer', doctor, undefined, forged);
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('devices.computer_proof_invalid');
    const byId = await h.call<Page>('GET', `/v1/devices?view=other&computer=${b.deviceId}`, doctor);
    expect(byId.body.items.map((d) => d.id).sort()).toEqual([a.deviceId, terminal.deviceId].sort());
  });

  it('shows the component statuses the agent reports', async () => {
    const agent = await h.agent(admin, { kind: 'workstation' });
    await agent.heartbeat([
      { name: 'headset', state: 'COMPONENT_STATE_READY' },
      { name: 'journal', state: 'COMPONENT_STATE_NOT_INSTALLED', reason: 'no local journal found' },
    ]);
    const device = await h.call<Device>('GET', `/v1/devices/${agent.deviceId}`, practitioner);
    expect(device.body.connectivity).toBe('online');
    expect(device.body.components).toEqual([
      { name: 'headset', state: 'ready', reason: '' },
      { name: 'journal', state: 'not_installed', reason: 'no local journal found' },
    ]);
  });

  it('turns a silent device offline after the missed heartbeats, with its events and the admin alert', async () => {
    const agent = await h.agent(admin, { kind: 'clinic-device' });
    await agent.heartbeat([{ name: 'payment-terminal', state: 'COMPONENT_STATE_READY' }]);
    await waitFor(
      async () =>
        (await h.call<Device>('GET', `/v1/devices/${agent.deviceId}`, admin)).body.connectivity === 'offline',
      { timeoutMs: 5_000, what: 'the device offline' },
    );
    await waitFor(
      async () => {
        const { rows } = await h.sql.query<{ event_type: string }>(
          `SELECT event_type FROM device_registry.outbox WHERE clinic_id = $1 AND aggregate_id = $2 ORDER BY seq`,
          [clinicId, agent.deviceId],
        );
        const types = rows.map((r) => r.event_type);
        return types.includes('carebus.devices.device.offline_alert.v1') ? types : false;
      },
      { timeoutMs: 5_000, what: 'the offline alert' },
    ).then((types) =>
      expect(types).toEqual([
        'carebus.devices.device.enrolled.v1',
        'carebus.devices.device.status_changed.v1',
        'carebus.devices.device.status_changed.v1',
        'carebus.devices.device.offline_alert.v1',
      ]),
    );
    await agent.heartbeat([{ name: 'payment-terminal', state: 'COMPONENT_STATE_READY' }]);
    expect((await h.call<Device>('GET', `/v1/devices/${agent.deviceId}`, admin)).body.connectivity).toBe(
      'online',
    );
  });

  it('shows another clinic none of these devices; their ids answer like unknown ones', async () => {
    const otherAdmin = await h.token(newClinicId());
    const mine = await h.agent(admin, { kind: 'workstation' });
    const list = await h.call<Page>('GET', '/v1/devices', otherAdmin);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(0);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Hijacked' }],
      ['DELETE', undefined],
    ] as const) {
      const r = await h.call(method, `/v1/devices/${mine.deviceId}`, otherAdmin, body);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('devices.device_not_found');
    }
    await expect(mine.heartbeat()).resolves.toMatchObject({ state: 'DEVICE_STATE_ACTIVE' });
  });
});
