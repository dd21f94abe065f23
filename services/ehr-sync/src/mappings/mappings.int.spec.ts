import { randomUUID } from 'node:crypto';
import { decodeEventPayload, EhrAppointmentStatus, EVENTS } from '@carebus/contracts';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, waitFor } from '@carebus/testing';
import { startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { ReferencePublisher } from '../../test/reference-publisher';
import { connectClinic, connectionsPath, endedRuns } from '../../test/sync-harness';

const CLASS = 'urn:ehr-simulator:appointment-class|cls-2';
const BREAK = 'urn:ehr-simulator:appointment-class|cls-4';

/**
 * Mappings over real PostgreSQL, Kafka (scheduling's reference topics, consumed into the local
 * copy) and the EHR simulator: a provider maps only to a practitioner and calendar scheduling has
 * announced for the clinic and only when the EHR lists it; the next sync emits the appointments
 * again, mapped; removing a mapping, another clinic's admin, a deleted calendar are refused.
 */
describe('EHR mappings', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  const ref = new ReferencePublisher();
  const clinicId = newClinicId();
  const practitionerId = randomUUID();
  const calendarId = randomUUID();
  const typeId = randomUUID();
  let admin: string;
  let connectionId: string;
  const path = () => `${connectionsPath(clinicId)}/${connectionId}`;

  beforeAll(async () => {
    await ref.start();
    [h, sim] = await Promise.all([
      startVaultHarness({ ...ref.topics, EHR_SYNC_RUNNER_POLL_MS: '100' }),
      startEhrSimulator({ port: 0, seed: 'mappings', practitioners: 3, patients: 20, appointments: 60 }),
    ]);
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    connectionId = await connectClinic(h, sim, clinicId, admin, 'fhir_r4');
    await ref.practitioner(clinicId, practitionerId, 1);
    await ref.calendar(clinicId, calendarId, practitionerId, 1);
    await ref.appointmentType(clinicId, typeId, 1);
  }, 90_000);
  afterAll(async () => {
    await sim?.close();
    await h?.close();
    await ref.stop();
  });

  it('maps a listed provider to an announced practitioner and calendar; the next sync emits them mapped', async () => {
    await endedRuns(h, clinicId, connectionId, admin, 1);
    const put = await waitFor(
      async () => {
        const r = await h.call('PUT', `${path()}/provider-mappings/prov-1`, admin, {
          practitionerId,
          calendarId,
        });
        return r.status === 200 && r;
      },
      { timeoutMs: 30_000, what: 'the reference copy to know the practitioner and calendar' },
    );
    expect(put.body).toEqual({ providerExternalId: 'prov-1', practitionerId, calendarId });
    expect(
      (
        await h.call('PUT', `${path()}/class-mappings/${encodeURIComponent(CLASS)}`, admin, {
          appointmentTypeId: typeId,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await h.call('PUT', `${path()}/class-mappings/${encodeURIComponent(BREAK)}`, admin, {
          unavailable: true,
        })
      ).status,
    ).toBe(200);
    const list = await h.call<{ providers: unknown[]; classes: unknown[] }>(
      'GET',
      `${path()}/mappings`,
      admin,
    );
    expect(list.body.providers).toHaveLength(1);
    expect(list.body.classes).toHaveLength(2);

    expect((await h.call('POST', `${path()}/sync-runs`, admin)).status).toBe(202);
    const [, second] = await endedRuns(h, clinicId, connectionId, admin, 2);
    expect(second!.created).toBe(0);
    expect(second!.updated).toBeGreaterThan(0);

    const { rows } = await h.sql.query<{ payload: Buffer }>(
      `SELECT payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND event_type = $2 ORDER BY seq`,
      [clinicId, EVENTS.ehrAppointmentImported.type],
    );
    const events = rows.map((r) => decodeEventPayload(EVENTS.ehrAppointmentImported, r.payload));
    const mapped = events.filter((e) => e.syncRunId === second!.id);
    expect(mapped).toHaveLength(second!.updated);
    for (const e of mapped) {
      const byProvider = e.externalPractitionerId === 'prov-1';
      const byClass = e.externalAppointmentTypeId === CLASS || e.externalAppointmentTypeId === BREAK;
      expect(byProvider || byClass).toBe(true);
      expect(e.calendarId).toBe(byProvider ? calendarId : '');
      expect(e.practitionerId).toBe(byProvider ? practitionerId : '');
      expect(e.appointmentTypeId).toBe(e.externalAppointmentTypeId === CLASS ? typeId : '');
      if (e.externalAppointmentTypeId === BREAK) expect(e.status).toBe(EhrAppointmentStatus.UNAVAILABLE);
    }
    expect(mapped.some((e) => e.externalPractitionerId === 'prov-1')).toBe(true);
  }, 90_000);

  it('refuses what the EHR or Carebus does not know: 422 with a code, audited', async () => {
    const unknownProvider = await h.call('PUT', `${path()}/provider-mappings/prov-99`, admin, {
      practitionerId,
      calendarId,
    });
    expect(unknownProvider.status).toBe(422);
    expect(unknownProvider.body.code).toBe('ehrsync.unknown_providers');
    const unknownPractitioner = await h.call('PUT', `${path()}/provider-mappings/prov-2`, admin, {
      practitionerId: randomUUID(),
      calendarId,
    });
    expect(unknownPractitioner.status).toBe(422);
    expect(unknownPractitioner.body).toMatchObject({
      code: 'ehrsync.unknown_reference',
      field: 'practitionerId',
    });
    const unknownType = await h.call('PUT', `${path()}/class-mappings/cls-3`, admin, {
      appointmentTypeId: randomUUID(),
    });
    expect(unknownType.body).toMatchObject({ code: 'ehrsync.unknown_reference', field: 'appointmentTypeId' });
    const both = await h.call('PUT', `${path()}/class-mappings/cls-3`, admin, {
      appointmentTypeId: typeId,
      unavailable: true,
    });
    expect(both.status).toBe(400);
    const { rows } = await h.sql.query<{ action: string; outcome: string }>(
      `SELECT action, outcome FROM ehr_sync.audit_log WHERE clinic_id = $1 AND action LIKE 'ehr_mapping.%' ORDER BY id`,
      [clinicId],
    );
    expect(rows.filter((r) => r.outcome === 'failed').map((r) => r.action)).toEqual(
      expect.arrayContaining(['ehr_mapping.put_provider', 'ehr_mapping.put_class']),
    );
  });

  it('a deleted calendar can no longer be mapped; an older version delivered late changes nothing', async () => {
    const other = randomUUID();
    await ref.calendar(clinicId, other, practitionerId, 2, true);
    await ref.calendar(clinicId, other, practitionerId, 1);
    const copy = async () =>
      (
        await h.sql.query<{ version: string; active: boolean }>(
          `SELECT version, active FROM ehr_sync.reference_entities WHERE id = $1`,
          [other],
        )
      ).rows[0];
    // Both events are handled (one partition, in order): the inbox has the late one too.
    await waitFor(async () => (await copy())?.version === '2', {
      timeoutMs: 20_000,
      what: 'the deletion copied',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await copy()).toEqual({ version: '2', active: false });
    const r = await h.call('PUT', `${path()}/provider-mappings/prov-2`, admin, {
      practitionerId,
      calendarId: other,
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'ehrsync.unknown_reference', field: 'calendarId' });
  });

  it("another clinic's admin is refused; its own id space does not hold this connection", async () => {
    const outsider = await h.token(newClinicId(), ['clinic_admin']);
    expect((await h.call('GET', `${path()}/mappings`, outsider)).status).toBe(403);
    const own = newClinicId();
    const theirs = await h.token(own, ['clinic_admin']);
    const r = await h.call('GET', `${connectionsPath(own)}/${connectionId}/mappings`, theirs);
    expect(r.status).toBe(404);
  });

  it('removes a mapping; removing it twice is 404', async () => {
    expect((await h.call('DELETE', `${path()}/provider-mappings/prov-1`, admin)).status).toBe(204);
    const again = await h.call('DELETE', `${path()}/provider-mappings/prov-1`, admin);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('ehrsync.mapping_not_found');
  });
});
