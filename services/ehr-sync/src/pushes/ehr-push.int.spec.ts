import { randomUUID } from 'node:crypto';
import { decodeEventPayload, EVENTS } from '@carebus/contracts';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import {
  createTopics,
  freePort,
  newClinicId,
  newTopicSuffix,
  recordCount,
  testKafka,
  waitFor,
} from '@carebus/testing';
import { EhrPushClient, timestamp } from '../../test/ehr-push-client';
import { EHR_SYNC_UNDER_TEST } from '../../test/ehr-sync-under-test';
import { startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { connectClinic } from '../../test/write-back-harness';
import { connectPushGrpc } from './grpc-transport';

/**
 * EHR vendors' real-time pushes over a real gRPC socket into ehr-sync on real PostgreSQL and
 * Kafka: a change delivered twice is imported once (one ledger row, one event on Kafka), mapped
 * through the connection's mappings; bad credentials and another clinic's connection are refused.
 */
describe('real-time pushes from EHR vendors (gRPC)', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  let client: EhrPushClient;
  let clinicId: string;
  let connectionId: string;
  let vendor: string;
  const topic = `test.${newTopicSuffix()}.ehrsync.appointment.v1`;
  const calendarId = randomUUID();
  const practitionerId = randomUUID();

  const appointmentPush = (
    changeId: string,
    externalId: string,
    version: string,
    kind = 'EHR_CHANGE_KIND_APPOINTMENT_CREATED',
  ) => ({
    connectionId,
    changeId,
    kind,
    appointment: {
      externalId,
      version,
      providerExternalId: 'prov-1',
      startTime: timestamp(new Date('2027-03-01T09:00:00Z')),
      endTime: timestamp(new Date('2027-03-01T09:30:00Z')),
      patientExternalId: 'pat-7',
    },
  });
  const importedRows = async (externalId: string) =>
    (
      await h.sql.query(
        `SELECT version FROM ehr_sync.imported_versions WHERE connection_id = $1 AND external_id = $2`,
        [connectionId, externalId],
      )
    ).rows;
  const eventsOf = async (externalId: string) => {
    const { rows } = await h.sql.query<{ payload: Buffer }>(
      `SELECT payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND event_type = $2`,
      [clinicId, EVENTS.ehrAppointmentImported.type],
    );
    return rows
      .map((r) => decodeEventPayload(EVENTS.ehrAppointmentImported, r.payload))
      .filter((e) => e.externalId === externalId);
  };

  beforeAll(async () => {
    await createTopics(testKafka(), [topic], 1);
    const grpcPort = await freePort();
    [h, sim] = await Promise.all([
      startVaultHarness(
        { GRPC_PORT: String(grpcPort), EHR_SYNC_RUNNER_ENABLED: 'false', EHR_SYNC_APPOINTMENT_TOPIC: topic },
        {
          ...EHR_SYNC_UNDER_TEST,
          configureApp: (app, config) => connectPushGrpc(app, config.GRPC_PORT, '127.0.0.1'),
        },
      ),
      startEhrSimulator({ port: 0, seed: 'pushes', practitioners: 2, patients: 10, appointments: 5 }),
    ]);
    client = new EhrPushClient(`127.0.0.1:${grpcPort}`);
    ({ clinicId, connectionId } = await connectClinic(h, sim));
    await h.sql.query(
      `INSERT INTO ehr_sync.provider_mappings (clinic_id, connection_id, provider_external_id, practitioner_id,
         calendar_id, updated_by, updated_at) VALUES ($1, $2, 'prov-1', $3, $4, 'admin', now())`,
      [clinicId, connectionId, practitionerId, calendarId],
    );
    vendor = await h.token(clinicId, ['partner'], 'ehr-vendor-client');
  }, 90_000);
  afterAll(async () => {
    client?.close();
    await sim?.close();
    await h?.close();
  });

  it('imports a change delivered twice once: one ledger row, one event on Kafka, mapped', async () => {
    const push = appointmentPush('chg-1', 'appt-push-1', 'v1');
    const first = await client.push(push, vendor);
    expect(first).toMatchObject({ ok: true, body: { duplicate: false, imported: true } });
    const again = await client.push(push, vendor);
    expect(again).toMatchObject({ ok: true, body: { duplicate: true, imported: false } });

    expect(await importedRows('appt-push-1')).toEqual([{ version: expect.stringMatching(/^v1/) }]);
    const events = await eventsOf('appt-push-1');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      connectionId,
      syncRunId: '',
      calendarId,
      practitionerId,
      patientExternalId: 'pat-7',
    });
    await waitFor(async () => (await recordCount(testKafka(), topic)) === 1, {
      timeoutMs: 30_000,
      what: 'the event on Kafka',
    });
    // Another change id carrying a version already imported emits nothing new either.
    const sameVersion = await client.push(appointmentPush('chg-1b', 'appt-push-1', 'v1'), vendor);
    expect(sameVersion).toMatchObject({ ok: true, body: { duplicate: false, imported: false } });

    const cancelled = await client.push(
      appointmentPush('chg-2', 'appt-push-1', 'v2', 'EHR_CHANGE_KIND_APPOINTMENT_CANCELLED'),
      vendor,
    );
    expect(cancelled).toMatchObject({ ok: true, body: { duplicate: false, imported: true } });
    await waitFor(async () => (await recordCount(testKafka(), topic)) === 2, {
      timeoutMs: 30_000,
      what: 'the cancellation on Kafka',
    });
    expect(await eventsOf('appt-push-1')).toHaveLength(2);
    expect(await recordCount(testKafka(), topic)).toBe(2);
  });

  it('records a new patient by its EHR id once', async () => {
    const push = {
      connectionId,
      changeId: 'chg-pat-1',
      kind: 'EHR_CHANGE_KIND_PATIENT_CREATED',
      patient: { externalId: 'pat-99', version: '1' },
    };
    expect(await client.push(push, vendor)).toMatchObject({ ok: true, body: { duplicate: false } });
    expect(await client.push(push, vendor)).toMatchObject({ ok: true, body: { duplicate: true } });
    const { rows } = await h.sql.query(
      `SELECT kind, external_id FROM ehr_sync.pushed_changes WHERE connection_id = $1 AND change_id = 'chg-pat-1'`,
      [connectionId],
    );
    expect(rows).toEqual([{ kind: 'patient_created', external_id: 'pat-99' }]);
  });

  it('answers UNAUTHENTICATED to wrong credentials and imports nothing', async () => {
    const push = appointmentPush('chg-bad', 'appt-push-bad', 'v1');
    expect(await client.push(push, 'not-a-token')).toMatchObject({ ok: false, code: 16 });
    expect(await client.push(push)).toMatchObject({ ok: false, code: 16 });
    expect(await importedRows('appt-push-bad')).toEqual([]);
  });

  it("answers NOT_FOUND for another clinic's connection, as for an unknown one", async () => {
    const other = await h.token(newClinicId(), ['partner'], 'other-vendor');
    const foreign = await client.push(appointmentPush('chg-x', 'appt-push-x', 'v1'), other);
    expect(foreign).toMatchObject({ ok: false, code: 5, errorCode: 'ehrsync.connection_not_found' });
    const unknown = await client.push(
      { ...appointmentPush('chg-y', 'appt-push-y', 'v1'), connectionId: randomUUID() },
      vendor,
    );
    expect(unknown).toMatchObject({ ok: false, code: 5, errorCode: 'ehrsync.connection_not_found' });
    expect(await importedRows('appt-push-x')).toEqual([]);
    const { rows } = await h.sql.query(
      `SELECT 1 FROM ehr_sync.pushed_changes WHERE change_id IN ('chg-x', 'chg-y')`,
    );
    expect(rows).toEqual([]);
  });

  it('answers INVALID_ARGUMENT naming the bad field', async () => {
    const bad = await client.push(
      { ...appointmentPush('chg-z', 'appt-z', 'v1'), kind: 'EHR_CHANGE_KIND_UNSPECIFIED' },
      vendor,
    );
    expect(bad).toMatchObject({ ok: false, code: 3, errorCode: 'validation.failed' });
    const noConnection = await client.push(
      { ...appointmentPush('chg-z', 'appt-z', 'v1'), connectionId: 'x' },
      vendor,
    );
    expect(noConnection).toMatchObject({ ok: false, code: 3 });
  });
});
