import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, recordCount, testKafka } from '@carebus/testing';
import { startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { connectClinic, connectionsPath, endedRuns, ledger } from '../../test/sync-harness';

const APPOINTMENTS = Number(process.env.CAREBUS_SYNC_APPOINTMENTS ?? 5000);

/**
 * The sync engine over real PostgreSQL, Kafka and the EHR simulator on a socket, once per EHR
 * style: a new connection's first full sync imports every appointment; a second (on-demand) run
 * imports nothing new; the events on Kafka are what the ledger counts; an EHR change comes in
 * with the next appointment sync; every EHR call of a run carries the run's token.
 */
describe.each(['fhir_r4', 'vendor'] as const)('sync engine (%s)', (style) => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  const clinicId = newClinicId();
  let admin: string;
  let connectionId: string;
  const topic = `test.sync-${style}-${Date.now()}.ehrsync.appointment.v1`;

  beforeAll(async () => {
    [h, sim] = await Promise.all([
      startVaultHarness({ EHR_SYNC_RUNNER_POLL_MS: '100', EHR_SYNC_APPOINTMENT_TOPIC: topic }),
      startEhrSimulator({
        port: 0,
        seed: `sync-${style}`,
        practitioners: 5,
        patients: 200,
        appointments: APPOINTMENTS,
      }),
    ]);
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    sim.admin.clearRequests();
    connectionId = await connectClinic(h, sim, clinicId, admin, style);
  }, 90_000);
  afterAll(async () => {
    await sim?.close();
    await h?.close();
  });

  const totalImported = (runs: { created: number; updated: number }[]) =>
    runs.reduce((sum, r) => sum + r.created + r.updated, 0);

  it(`the first full sync imports all ${APPOINTMENTS}; a second run imports nothing new`, async () => {
    const [first] = await endedRuns(h, clinicId, connectionId, admin, 1);
    expect(first).toMatchObject({
      kind: 'full',
      state: 'succeeded',
      read: APPOINTMENTS,
      created: APPOINTMENTS,
      updated: 0,
      failed: 0,
      takenOverFrom: null,
    });

    const requested = await h.call<{ id: string; state: string; kind: string }>(
      'POST',
      `${connectionsPath(clinicId)}/${connectionId}/sync-runs`,
      admin,
    );
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ kind: 'on_demand' });
    const runs = await endedRuns(h, clinicId, connectionId, admin, 2);
    expect(runs[1]).toMatchObject({
      id: requested.body.id,
      state: 'succeeded',
      read: APPOINTMENTS,
      created: 0,
      updated: 0,
      unchanged: APPOINTMENTS,
    });

    // Kafka holds exactly the events the ledger counts.
    const kafka = testKafka();
    await expect(
      (async () => {
        for (let i = 0; i < 100; i++) {
          if ((await recordCount(kafka, topic)) >= totalImported(runs)) return recordCount(kafka, topic);
          await new Promise((r) => setTimeout(r, 200));
        }
        return recordCount(kafka, topic);
      })(),
    ).resolves.toBe(totalImported(runs));
  }, 240_000);

  it('every EHR call of a run carries its token', () => {
    const tokens = new Set(
      sim.admin
        .requests()
        .filter((r) => r.style !== 'oauth' || r.headers['x-sync-token'])
        .map((r) => r.headers['x-sync-token']),
    );
    return ledger(h, clinicId, connectionId, admin).then((runs) => {
      for (const run of runs) expect(tokens.has(run.token)).toBe(true);
      expect(new Set(runs.map((r) => r.token)).size).toBe(runs.length);
    });
  });

  it('an EHR change comes in with the next appointment sync, once', async () => {
    sim.admin.cancelAppointment('appt-7');
    await h.sql.query(
      `UPDATE ehr_sync.sync_schedules SET appointments_due_at = now() WHERE connection_id = $1`,
      [connectionId],
    );
    const runs = await endedRuns(h, clinicId, connectionId, admin, 3);
    expect(runs[2]).toMatchObject({ kind: 'appointments', state: 'succeeded', created: 0, updated: 1 });
    const status = await h.call<Record<string, unknown>>(
      'GET',
      `${connectionsPath(clinicId)}/${connectionId}/sync-status`,
      admin,
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ working: true, connectionStatus: 'active', lastError: null });
    expect((status.body.lastRun as { id: string }).id).toBe(runs[2]!.id);
    expect(Date.parse(status.body.nextAppointmentSyncAt as string)).toBeGreaterThan(Date.now() + 25 * 60_000);
  }, 120_000);

  it("another clinic's admin sees the connection's sync as unknown", async () => {
    const other = await h.token(newClinicId(), ['clinic_admin']);
    const r = await h.call('GET', `${connectionsPath(clinicId)}/${connectionId}/sync-status`, other);
    expect(r.status).toBe(403);
    const own = newClinicId();
    const theirs = await h.token(own, ['clinic_admin']);
    const unknown = await h.call('GET', `${connectionsPath(own)}/${connectionId}/sync-runs`, theirs);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ehrsync.connection_not_found');
  });
});
