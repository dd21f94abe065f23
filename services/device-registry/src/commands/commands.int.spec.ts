import { randomUUID } from 'node:crypto';
import { newClinicId, waitFor } from '@carebus/testing';
import { DEVICE_SETTINGS, type DeviceSettings } from '../devices/device-settings';
import { startDeviceHarness, type DeviceHarness } from '../../test/device-harness';
import { readTopic, type SeenEvent } from '../../test/kafka-events';
import { refusalOf, type TestAgent } from '../../test/test-agent';

type Command = Record<string, unknown> & {
  commandId: string;
  idempotencyId: string;
  deliveryAttempt: number;
};

/** Collects the commands a stream delivers. */
async function collect(agent: TestAgent) {
  const stream = await agent.openStream();
  const received: Command[] = [];
  stream.on('data', (m: { command: Command }) => received.push(m.command));
  stream.on('error', () => undefined);
  return { stream, received };
}

const NATIONAL_ID = '01019912345';
const REDELIVERY_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Commands over the real gRPC stream, PostgreSQL and Kafka: at-least-once delivery (re-sent after
 * a reconnect until acknowledged), exactly one recorded result per command and one completion on
 * Kafka each, expiry for an offline device, patient lookups only from the practitioner's own
 * computer with their data sealed and audited, and clinics that see nothing of each other.
 */
describe('device commands', () => {
  let h: DeviceHarness;
  const clinicId = newClinicId();
  let admin: string;
  let staff: string;

  beforeAll(async () => {
    h = await startDeviceHarness({
      DEVICE_REGISTRY_SWEEP_INTERVAL_MS: '200',
      DEVICE_REGISTRY_COMMAND_REDELIVERY_MS: String(REDELIVERY_MS),
    });
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    staff = await h.token(clinicId, ['staff'], 'desk-dora');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const pay = (deviceId: string, token = staff, extra: Record<string, unknown> = {}) =>
    h.call<{ commandId: string; status: string; replayed: boolean }>(
      'POST',
      `/v1/devices/${deviceId}/commands`,
      token,
      {
        kind: 'payment',
        idempotencyId: randomUUID(),
        payment: { amountMinor: 45000, currency: 'NOK', reference: 'INV-1001' },
        ...extra,
      },
    );

  it('delivers at least once, records exactly one result per command and publishes each completion once', async () => {
    const terminal = await h.agent(admin, { kind: 'clinic-device' });
    const sent: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const r = await pay(terminal.deviceId);
      expect(r.status).toBe(202);
      expect(r.body.status).toBe('created');
      sent.push(r.body.commandId);
    }
    const first = await collect(terminal);
    await waitFor(() => first.received.length === 20, { what: '20 commands on the stream' });
    first.stream.cancel();
    const second = await collect(terminal);
    await waitFor(() => second.received.length === 20, { what: 'the unacknowledged commands again' });
    expect(second.received.every((c) => c.deliveryAttempt === 2)).toBe(true);
    expect(new Set(second.received.map((c) => c.commandId))).toEqual(new Set(sent));
    expect(second.received[0]).toMatchObject({
      kind: 'COMMAND_KIND_PAYMENT',
      component: 'payment-terminal',
      payment: { amountMinor: '45000', currency: 'NOK', reference: 'INV-1001' },
    });

    for (const c of second.received) {
      expect(await terminal.acknowledge(c.commandId)).toEqual({ status: 'COMMAND_STATUS_DELIVERED' });
      const report = {
        commandId: c.commandId,
        idempotencyId: c.idempotencyId,
        outcome: 'COMMAND_OUTCOME_COMPLETED',
        payment: { status: 'PAYMENT_STATUS_APPROVED', authorisationCode: 'A1', maskedCard: '**** 1234' },
      };
      expect(await terminal.report(report)).toEqual({ recorded: true, status: 'COMMAND_STATUS_COMPLETED' });
      expect(await terminal.report({ ...report, payment: { status: 'PAYMENT_STATUS_DECLINED' } })).toEqual({
        recorded: false,
        status: 'COMMAND_STATUS_COMPLETED',
      });
    }
    second.stream.cancel();

    const one = await h.call<{ status: string; result: { payment: { status: string } } }>(
      'GET',
      `/v1/device-commands/${sent[0]}`,
      admin,
    );
    expect(one.body.status).toBe('completed');
    expect(one.body.result.payment.status).toBe('approved');
    const { rows } = await h.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM device_registry.command_results WHERE clinic_id = $1`,
      [clinicId],
    );
    expect(Number(rows[0]!.n)).toBe(20);

    const completions = (seen: SeenEvent[]) =>
      seen.filter((e) => e.type === 'carebus.devices.command.completed.v1');
    const seen = await readTopic(commandTopic(h), (s) => completions(s).length >= 20, 30_000);
    const keys = completions(seen).map((e) => e.key);
    expect(keys.sort()).toEqual([...sent].sort());
  });

  it('re-sends an acknowledged command without a result on the open stream until its result is recorded', async () => {
    const terminal = await h.agent(admin, { kind: 'clinic-device' });
    const s = await collect(terminal);
    const r = await pay(terminal.deviceId);
    await waitFor(() => s.received.length === 1, { what: 'the command on the stream' });
    const c = s.received[0]!;
    expect(c.deliveryAttempt).toBe(1);
    const acknowledgedAt = Date.now();
    expect(await terminal.acknowledge(c.commandId)).toEqual({ status: 'COMMAND_STATUS_DELIVERED' });

    await waitFor(() => s.received.length === 2, {
      what: 'the delivered command re-sent',
      timeoutMs: 10_000,
    });
    expect(Date.now() - acknowledgedAt).toBeGreaterThanOrEqual(REDELIVERY_MS - 50);
    expect(s.received[1]).toMatchObject({ commandId: r.body.commandId, deliveryAttempt: 2 });
    // Acknowledging the re-sent command again changes nothing: it stays delivered.
    expect(await terminal.acknowledge(c.commandId)).toEqual({ status: 'COMMAND_STATUS_DELIVERED' });
    await waitFor(() => s.received.length === 3, { what: 'a third delivery', timeoutMs: 10_000 });
    expect(s.received[2]!.deliveryAttempt).toBe(3);

    const report = {
      commandId: c.commandId,
      idempotencyId: c.idempotencyId,
      outcome: 'COMMAND_OUTCOME_COMPLETED',
      payment: { status: 'PAYMENT_STATUS_APPROVED', authorisationCode: 'A2', maskedCard: '**** 4321' },
    };
    expect(await terminal.acknowledge(c.commandId)).toEqual({ status: 'COMMAND_STATUS_DELIVERED' });
    expect(await terminal.report(report)).toEqual({ recorded: true, status: 'COMMAND_STATUS_COMPLETED' });
    await sleep(REDELIVERY_MS * 2);
    expect(s.received).toHaveLength(3);
    s.stream.cancel();

    // After a reconnect, a completed command is never sent again.
    const again = await collect(terminal);
    await sleep(REDELIVERY_MS);
    expect(again.received).toHaveLength(0);
    again.stream.cancel();
    const read = await h.call<{ status: string; deliveryAttempts: number }>(
      'GET',
      `/v1/device-commands/${c.commandId}`,
      admin,
    );
    expect(read.body).toMatchObject({ status: 'completed', deliveryAttempts: 3 });
  }, 30_000);

  it('expires a command for an offline device with a clear status and event; the agent never starts it', async () => {
    const offline = await h.agent(admin, { kind: 'clinic-device' });
    const r = await pay(offline.deviceId, staff, { deadlineSeconds: 1 });
    await waitFor(
      async () =>
        (await h.call<{ status: string }>('GET', `/v1/device-commands/${r.body.commandId}`, staff)).body
          .status === 'expired',
      { timeoutMs: 5_000, what: 'the command expired' },
    );
    const late = await collect(offline);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(late.received).toHaveLength(0);
    expect(await offline.acknowledge(r.body.commandId)).toEqual({ status: 'COMMAND_STATUS_EXPIRED' });
    late.stream.cancel();
    // A result that still arrives is kept (nothing is lost); the status stays expired.
    const { rows: ids } = await h.sql.query<{ idempotency_id: string }>(
      `SELECT idempotency_id FROM device_registry.commands WHERE id = $1`,
      [r.body.commandId],
    );
    expect(
      await offline.report({
        commandId: r.body.commandId,
        idempotencyId: ids[0]!.idempotency_id,
        outcome: 'COMMAND_OUTCOME_FAILED',
        errorCode: 'terminal.timeout',
      }),
    ).toEqual({ recorded: true, status: 'COMMAND_STATUS_EXPIRED' });
    const after = await h.call<{ status: string; result: { afterExpiry: boolean; errorCode: string } }>(
      'GET',
      `/v1/device-commands/${r.body.commandId}`,
      staff,
    );
    expect(after.body).toMatchObject({
      status: 'expired',
      result: { afterExpiry: true, errorCode: 'terminal.timeout' },
    });
    const { rows } = await h.sql.query<{ event_type: string }>(
      `SELECT event_type FROM device_registry.outbox WHERE aggregate_id = $1 ORDER BY seq`,
      [r.body.commandId],
    );
    expect(rows.map((e) => e.event_type)).toEqual([
      'carebus.devices.command.created.v1',
      'carebus.devices.command.expired.v1',
      'carebus.devices.command.failed.v1',
    ]);
  });

  it('sends a patient lookup only from the practitioner’s own computer; its data stays sealed and every access is audited', async () => {
    const doctor = await h.token(clinicId, ['practitioner'], 'dr-pat');
    const colleague = await h.token(clinicId, ['practitioner'], 'dr-quinn');
    const workstation = await h.agent(admin, { kind: 'workstation' });
    const patientId = randomUUID();
    const body = {
      kind: 'patient_lookup',
      idempotencyId: randomUUID(),
      patientLookup: { patientId, nationalId: NATIONAL_ID },
    };
    const path = `/v1/devices/${workstation.deviceId}/commands`;
    const noProof = await h.call('POST', path, doctor, body);
    expect(noProof.status).toBe(403);
    expect(noProof.body.code).toBe('devices.command_forbidden');
    const proof = { 'Carebus-Computer': await workstation.token('carebus-computer-proof', 30) };
    const byStaff = await h.call('POST', path, staff, body, proof);
    expect(byStaff.status).toBe(403);
    const sent = await h.call<{ commandId: string }>('POST', path, doctor, body, proof);
    expect(sent.status).toBe(202);
    const again = await h.call<{ commandId: string; replayed: boolean }>('POST', path, doctor, body, proof);
    expect(again.body).toMatchObject({ commandId: sent.body.commandId, replayed: true });

    const s = await collect(workstation);
    await waitFor(() => s.received.length === 1, { what: 'the lookup on the stream' });
    expect(s.received[0]).toMatchObject({
      kind: 'COMMAND_KIND_PATIENT_LOOKUP',
      patientLookup: { patientId, nationalId: NATIONAL_ID },
    });
    const c = s.received[0]!;
    await workstation.acknowledge(c.commandId);
    await workstation.report({
      commandId: c.commandId,
      idempotencyId: c.idempotencyId,
      outcome: 'COMMAND_OUTCOME_COMPLETED',
      patientLookup: { found: true, localRecordId: 'J-77', summary: 'Allergic to penicillin' },
    });
    s.stream.cancel();

    const read = await h.call<{ result: { patientLookup: { summary: string } } }>(
      'GET',
      `/v1/device-commands/${c.commandId}`,
      doctor,
    );
    expect(read.body.result.patientLookup.summary).toBe('Allergic to penicillin');
    expect((await h.call('GET', `/v1/device-commands/${c.commandId}`, colleague)).status).toBe(404);

    const stored = await h.sql.query<{ request: string; result: string }>(
      `SELECT c.request, r.result FROM device_registry.commands c JOIN device_registry.command_results r ON r.command_id = c.id WHERE c.id = $1`,
      [c.commandId],
    );
    expect(stored.rows[0]!.request).toMatch(/^dr1\./);
    expect(JSON.stringify(stored.rows)).not.toContain(NATIONAL_ID);
    expect(JSON.stringify(stored.rows)).not.toContain('penicillin');
    const outbox = await h.sql.query<{ payload: Buffer }>(
      `SELECT payload FROM device_registry.outbox WHERE aggregate_id = $1`,
      [c.commandId],
    );
    for (const row of outbox.rows) {
      expect(row.payload.toString('latin1')).not.toContain(NATIONAL_ID);
      expect(row.payload.toString('latin1')).not.toContain('penicillin');
    }
    const audit = await h.sql.query<{ action: string; outcome: string; patient_id: string }>(
      `SELECT action, outcome, patient_id FROM device_registry.audit_log WHERE resource_id = $1 ORDER BY id`,
      [c.commandId],
    );
    expect(audit.rows.filter((r) => r.outcome === 'allowed').map((r) => r.action)).toEqual([
      'device_command.create',
      'device_command.deliver',
      'device_command.result',
      'device_command.read',
    ]);
    expect(audit.rows.every((r) => r.patient_id === patientId || r.outcome !== 'allowed')).toBe(true);
  });

  it('keeps two clinics apart: neither sees nor answers the other’s commands', async () => {
    const otherClinic = newClinicId();
    const otherAdmin = await h.token(otherClinic);
    const otherStaff = await h.token(otherClinic, ['staff']);
    const mine = await h.agent(admin, { kind: 'clinic-device' });
    const theirs = await h.agent(otherAdmin, { kind: 'clinic-device' });
    const r = await pay(mine.deviceId);
    expect((await h.call('GET', `/v1/device-commands/${r.body.commandId}`, otherStaff)).status).toBe(404);
    expect((await pay(mine.deviceId, otherStaff)).status).toBe(404);
    const theirStream = await collect(theirs);
    const myStream = await collect(mine);
    await waitFor(() => myStream.received.length === 1, { what: 'my command on my stream' });
    expect(theirStream.received).toHaveLength(0);
    expect(await refusalOf(theirs.acknowledge(r.body.commandId))).toBe('devices.command_unknown');
    expect(
      await refusalOf(
        theirs.report({
          commandId: r.body.commandId,
          idempotencyId: myStream.received[0]!.idempotencyId,
          outcome: 'COMMAND_OUTCOME_FAILED',
          errorCode: 'x',
        }),
      ),
    ).toBe('devices.command_unknown');
    theirStream.stream.cancel();
    myStream.stream.cancel();
  });
});

function commandTopic(h: DeviceHarness): string {
  return h.svc.app.get<DeviceSettings>(DEVICE_SETTINGS, { strict: false }).commandTopic;
}
