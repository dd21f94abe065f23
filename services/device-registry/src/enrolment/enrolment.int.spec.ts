import { newClinicId } from '@carebus/testing';
import { startDeviceHarness, type DeviceHarness } from '../../test/device-harness';
import { errorCodeOf, refusalOf, TestAgent } from '../../test/test-agent';

/**
 * Enrolment over a real gRPC socket, PostgreSQL and the outbox: a valid code enrols a device with
 * its own identity and key; used, expired, other-clinic and wrong-kind codes are refused with
 * stable codes; tokens are checked against the enrolled key; a removal refuses the next call and
 * ends the open stream within a second.
 */
describe('enrolment and device identity', () => {
  let h: DeviceHarness;
  const clinicId = newClinicId();
  const otherClinic = newClinicId();
  let admin: string;

  beforeAll(async () => {
    h = await startDeviceHarness();
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a valid code enrols a device with its own id; the code is stored only hashed and works once', async () => {
    const code = await h.code(admin, 'clinic_device');
    const agent = new TestAgent(h.grpcAddress, { kind: 'clinic-device', hostname: 'reception-pc' });
    const enrolled = await agent.enrol(code);
    expect(enrolled).toMatchObject({
      clinicId,
      kind: 'AGENT_KIND_CLINIC_DEVICE',
      state: 'DEVICE_STATE_NEEDS_NAME',
      tokenAudience: 'carebus-device-registry',
    });
    expect(enrolled.deviceId).toMatch(/^[0-9a-f-]{36}$/);

    const { rows } = await h.sql.query<{ code_hash: Buffer; used_at: Date | null; device_id: string }>(
      `SELECT code_hash, used_at, device_id FROM device_registry.enrolment_codes WHERE clinic_id = $1`,
      [clinicId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash.toString('latin1')).not.toContain(code.replace(/-/g, ''));
    expect(rows[0]!.device_id).toBe(enrolled.deviceId);

    const again = new TestAgent(h.grpcAddress, { kind: 'clinic-device' });
    expect(await refusalOf(again.enrol(code))).toBe('devices.enrolment_code_used');

    const events = await h.sql.query<{ event_type: string }>(
      `SELECT event_type FROM device_registry.outbox WHERE clinic_id = $1 ORDER BY seq`,
      [clinicId],
    );
    expect(events.rows.map((r) => r.event_type)).toEqual(['carebus.devices.device.enrolled.v1']);
    agent.close();
    again.close();
  });

  it('refuses an expired code, another clinic’s code and a code of the other kind', async () => {
    const expiring = await h.code(admin, 'workstation', 60);
    await h.sql.query(
      `UPDATE device_registry.enrolment_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL AND clinic_id = $1`,
      [clinicId],
    );
    const agent = new TestAgent(h.grpcAddress, { kind: 'workstation' });
    expect(await refusalOf(agent.enrol(expiring))).toBe('devices.enrolment_code_expired');

    const otherAdmin = await h.token(otherClinic);
    const theirs = await h.code(otherAdmin, 'workstation');
    const mine = new TestAgent(h.grpcAddress, { kind: 'workstation', clinicId });
    expect(await refusalOf(mine.enrol(theirs))).toBe('devices.enrolment_code_unknown');
    expect(await refusalOf(mine.enrol('ZZZZ-ZZZZ-ZZZZ-ZZZZ'))).toBe('devices.enrolment_code_unknown');

    const forWorkstation = await h.code(admin, 'workstation');
    const device = new TestAgent(h.grpcAddress, { kind: 'clinic-device' });
    expect(await refusalOf(device.enrol(forWorkstation))).toBe('devices.enrolment_kind_mismatch');
    // The refused attempt did not use the code up.
    const { rows } = await h.sql.query(
      `SELECT used_at FROM device_registry.enrolment_codes WHERE used_at IS NULL AND clinic_id = $1`,
      [clinicId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const refusals = await h.sql.query(
      `SELECT outcome FROM device_registry.audit_log WHERE clinic_id = $1 AND action = 'device.enrol' AND outcome = 'denied'`,
      [clinicId],
    );
    expect(refusals.rows.length).toBeGreaterThanOrEqual(2);
    [agent, mine, device].forEach((a) => a.close());
  });

  it('only clinic admins create codes (403 devices.admin_only, audited)', async () => {
    const practitioner = await h.token(clinicId, ['practitioner'], 'dr-pat');
    const r = await h.call('POST', '/v1/enrolment-codes', practitioner, { kind: 'workstation' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('devices.admin_only');
    const { rows } = await h.sql.query(
      `SELECT outcome FROM device_registry.audit_log WHERE clinic_id = $1 AND subject = 'dr-pat' AND outcome = 'denied'`,
      [clinicId],
    );
    expect(rows).toHaveLength(1);
  });

  it('checks every call’s token against the enrolled key', async () => {
    const agent = await h.agent(admin, { kind: 'workstation' });
    await expect(agent.heartbeat()).resolves.toMatchObject({ state: 'DEVICE_STATE_ACTIVE' });
    const impostor = new TestAgent(h.grpcAddress, { kind: 'workstation' });
    const forged = await impostor.token('carebus-device-registry', 120, agent.deviceId);
    expect(await refusalOf(agent.heartbeat([], forged))).toBe('devices.token_invalid');
    const tooLong = await agent.token('carebus-device-registry', 3600);
    expect(await refusalOf(agent.heartbeat([], tooLong))).toBe('devices.token_invalid');
    const proof = await agent.token('carebus-computer-proof', 30);
    expect(await refusalOf(agent.heartbeat([], proof))).toBe('devices.token_invalid');
    impostor.close();
  });

  it('removal refuses the next call and ends the open stream within a second', async () => {
    const agent = await h.agent(admin, { kind: 'clinic-device' });
    await agent.heartbeat();
    const stream = await agent.openStream();
    const ended = new Promise<{ code: string | undefined; at: number }>((resolve) => {
      stream.on('error', (error) => resolve({ code: errorCodeOf(error), at: Date.now() }));
      stream.on('data', () => undefined);
    });
    await new Promise((r) => setTimeout(r, 200));
    const removedAt = Date.now();
    expect((await h.call('DELETE', `/v1/devices/${agent.deviceId}`, admin)).status).toBe(204);
    const end = await ended;
    expect(end.code).toBe('devices.device_removed');
    expect(end.at - removedAt).toBeLessThan(1_000);
    expect(await refusalOf(agent.heartbeat())).toBe('devices.device_removed');
    expect((await h.call('GET', `/v1/devices/${agent.deviceId}`, admin)).status).toBe(404);
  });
});
