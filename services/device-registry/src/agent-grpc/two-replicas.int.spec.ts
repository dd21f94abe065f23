import type { INestApplication } from '@nestjs/common';
import { createServiceApp, SERVICE_CONFIG } from '@carebus/platform';
import { freePort, newClinicId, waitFor } from '@carebus/testing';
import { startDeviceHarness, type DeviceHarness } from '../../test/device-harness';
import { errorCodeOf, TestAgent } from '../../test/test-agent';
import { AppModule } from '../app.module';
import { SERVICE, type DeviceRegistryConfig } from '../service';
import { AgentGrpcServer } from './agent-grpc.server';

/**
 * Two replicas on one database: a removal made through one ends the stream the other holds
 * within a second (LISTEN/NOTIFY), a command queued through one reaches the stream on the other,
 * and both sweepers running turn a silent device offline with exactly one event.
 */
describe('two replicas', () => {
  let h: DeviceHarness;
  let second: INestApplication;
  let secondAddress: string;
  const clinicId = newClinicId();
  let admin: string;

  beforeAll(async () => {
    h = await startDeviceHarness({
      DEVICE_REGISTRY_HEARTBEAT_INTERVAL_MS: '300',
      DEVICE_REGISTRY_MISSED_HEARTBEATS: '2',
      DEVICE_REGISTRY_SWEEP_INTERVAL_MS: '50',
    });
    const config = h.svc.app.get<DeviceRegistryConfig>(SERVICE_CONFIG, { strict: false });
    second = await createServiceApp(AppModule.forRoot({ ...config, GRPC_PORT: await freePort() }), {
      serviceName: SERVICE.name,
    });
    await second.listen(0, '127.0.0.1');
    secondAddress = `127.0.0.1:${second.get(AgentGrpcServer).port}`;
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
  }, 90_000);
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('ends the stream held by the other replica within a second of a removal', async () => {
    const enrolled = await h.agent(admin, { kind: 'clinic-device' });
    const agent = new TestAgent(secondAddress, { kind: 'clinic-device' });
    agent.deviceId = enrolled.deviceId;
    Object.assign(agent, { privateKey: enrolled.privateKey });
    const stream = await agent.openStream();
    const commands: unknown[] = [];
    stream.on('data', (m) => commands.push(m));
    const ended = new Promise<{ code: string | undefined; at: number }>((resolve) =>
      stream.on('error', (error) => resolve({ code: errorCodeOf(error), at: Date.now() })),
    );
    const staff = await h.token(clinicId, ['staff']);
    const sent = await h.call('POST', `/v1/devices/${enrolled.deviceId}/commands`, staff, {
      kind: 'payment',
      idempotencyId: crypto.randomUUID(),
      payment: { amountMinor: 100, currency: 'NOK', reference: 'R-1' },
    });
    expect(sent.status).toBe(202);
    await waitFor(() => commands.length === 1, { what: 'the command on the other replica’s stream' });

    const removedAt = Date.now();
    expect((await h.call('DELETE', `/v1/devices/${enrolled.deviceId}`, admin)).status).toBe(204);
    const end = await ended;
    expect(end.code).toBe('devices.device_removed');
    expect(end.at - removedAt).toBeLessThan(1_000);
    agent.close();
  });

  it('turns a silent device offline once, with both sweepers running', async () => {
    const agent = await h.agent(admin, { kind: 'workstation' });
    await agent.heartbeat();
    await waitFor(
      async () =>
        (await h.call<{ connectivity: string }>('GET', `/v1/devices/${agent.deviceId}`, admin)).body
          .connectivity === 'offline',
      { what: 'the device offline' },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await h.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM device_registry.outbox WHERE aggregate_id = $1 AND event_type = 'carebus.devices.device.status_changed.v1'`,
      [agent.deviceId],
    );
    expect(Number(rows[0]!.n)).toBe(2); // online, then offline: once each
  });
});
