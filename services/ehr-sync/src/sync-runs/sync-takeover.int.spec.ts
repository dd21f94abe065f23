import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, waitFor, type ServiceProcess } from '@carebus/testing';
import { isolatedEhrSyncEnv } from '../../test/ehr-sync-under-test';
import { startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { connectClinic, endedRuns, ledger } from '../../test/sync-harness';
import { startSyncReplica } from '../../test/sync-replicas';

const APPOINTMENTS = 3000;

/**
 * Two ehr-sync processes (the built main.js) run the same connections' jobs from PostgreSQL: a
 * scheduled run executes once, on one of them; kill -9 of the runner mid-run leaves its lease to
 * expire, the other takes the run over, and the ledger shows it. Every appointment is imported
 * exactly once across both runs. Needs `npm run build`.
 */
describe('sync runs across two replicas', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  const replicas = new Map<string, ServiceProcess>();
  const clinicId = newClinicId();
  let admin: string;
  let connectionId: string;
  // KEKs, topics and consumer groups of this test, shared by the in-process service and the replicas.
  let shared: Record<string, string>;

  beforeAll(async () => {
    shared = await isolatedEhrSyncEnv();
    [h, sim] = await Promise.all([
      startVaultHarness({ ...shared, EHR_SYNC_RUNNER_ENABLED: 'false' }),
      startEhrSimulator({
        port: 0,
        seed: 'takeover',
        practitioners: 4,
        patients: 50,
        appointments: APPOINTMENTS,
      }),
    ]);
    // Slow enough that a run spans many lease renewals: 30 pages of 100, 150 ms each.
    sim.admin.setFaults({ latencyMs: 150 });
    for (const id of ['replica-a', 'replica-b'])
      replicas.set(
        id,
        await startSyncReplica(h.svc, shared, id, { EHR_SYNC_LEASE_MS: '2000', EHR_SYNC_PAGE_SIZE: '100' }),
      );
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
  }, 120_000);
  afterAll(async () => {
    for (const replica of replicas.values()) await replica.stop();
    await sim?.close();
    await h?.close();
  });

  const runner = async (runId: string) =>
    (await h.sql.query<{ runner: string }>(`SELECT runner FROM ehr_sync.sync_runs WHERE id = $1`, [runId]))
      .rows[0]!.runner;

  it('kill -9 of the runner mid-run: the other replica takes the run over, the ledger shows it', async () => {
    connectionId = await connectClinic(h, sim, clinicId, admin, 'vendor');
    const first = await waitFor(
      async () =>
        (await ledger(h, clinicId, connectionId, admin)).find((r) => r.state === 'running' && r.read >= 500),
      { timeoutMs: 60_000, what: 'the first full sync under way' },
    );
    const victim = await runner(first.id);
    await replicas.get(victim)!.kill();
    replicas.delete(victim);

    const [taken] = await endedRuns(h, clinicId, connectionId, admin, 1, 120_000);
    expect(taken).toMatchObject({ kind: 'full', state: 'succeeded', takenOverFrom: first.id });
    expect(await runner(taken!.id)).not.toBe(victim);
    const abandoned = (await ledger(h, clinicId, connectionId, admin)).find((r) => r.id === first.id)!;
    expect(abandoned).toMatchObject({ state: 'abandoned', errorCode: 'ehrsync.sync_runner_lost' });
    // Exactly once across both runs: what the first committed, the second found unchanged.
    expect(abandoned.created + taken!.created).toBe(APPOINTMENTS);
    const { rows } = await h.sql.query<{ n: string; distinct: string }>(
      `SELECT count(*) AS n, count(DISTINCT aggregate_id) AS distinct FROM ehr_sync.outbox
        WHERE clinic_id = $1 AND event_type = 'carebus.ehrsync.appointment.imported.v1'`,
      [clinicId],
    );
    expect(rows[0]).toEqual({ n: String(APPOINTMENTS), distinct: String(APPOINTMENTS) });
  }, 240_000);

  it('with two replicas up, each scheduled run executes once', async () => {
    const survivor = [...replicas.keys()][0]!;
    replicas.set(
      'replica-c',
      await startSyncReplica(h.svc, shared, 'replica-c', { EHR_SYNC_LEASE_MS: '2000' }),
    );
    sim.admin.setFaults({ latencyMs: 0 });
    const before = (await ledger(h, clinicId, connectionId, admin)).length;
    for (let round = 1; round <= 3; round++) {
      await h.sql.query(
        `UPDATE ehr_sync.sync_schedules SET appointments_due_at = now() WHERE connection_id = $1`,
        [connectionId],
      );
      await waitFor(async () => (await ledger(h, clinicId, connectionId, admin)).length >= before + round, {
        timeoutMs: 30_000,
        what: `scheduled run ${round}`,
      });
      await waitFor(
        async () => (await ledger(h, clinicId, connectionId, admin)).every((r) => r.state !== 'running'),
        { timeoutMs: 30_000, what: `run ${round} ended` },
      );
    }
    // Settled: no replica ran a due time twice.
    await new Promise((r) => setTimeout(r, 1000));
    const runs = (await ledger(h, clinicId, connectionId, admin)).slice(0, -before);
    expect(runs).toHaveLength(3);
    expect(runs.every((r) => r.kind === 'appointments' && r.state === 'succeeded')).toBe(true);
    const runners = new Set(await Promise.all(runs.map((r) => runner(r.id))));
    expect([...runners].every((r) => r === survivor || r === 'replica-c')).toBe(true);
  }, 120_000);
});
