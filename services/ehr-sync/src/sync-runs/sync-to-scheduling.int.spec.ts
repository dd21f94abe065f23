import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, newTopicSuffix, waitFor } from '@carebus/testing';
import { newSek, startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { ReferencePublisher } from '../../test/reference-publisher';
import {
  startSchedulingProcess,
  type SchedulingClinic,
  type SchedulingProcess,
} from '../../test/scheduling-process';
import { connectionBody, connectionsPath, endedRuns } from '../../test/sync-harness';

interface VendorAppointment {
  appointmentId: string;
  providerId: string;
  classId: string | null;
  status: string;
  start: string;
  end: string;
}

/** The simulator's whole schedule, read with a plain paging client (what the sync must carry over). */
async function ehrSchedule(sim: RunningEhrSimulator): Promise<VendorAppointment[]> {
  const signIn = await fetch(`${sim.vendorUrl}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sim.credentials.vendor),
  });
  const { sessionToken } = (await signIn.json()) as { sessionToken: string };
  const all: VendorAppointment[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `pageSize=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (
      await fetch(`${sim.vendorUrl}/appointments?${q}`, { headers: { 'x-session-token': sessionToken } })
    ).json()) as { items: VendorAppointment[]; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const BREAK = 'cls-4';
const sorted = (xs: Iterable<string>) => [...xs].sort();

/**
 * The import end to end over real PostgreSQL, Kafka and two real services: ehr-sync (in process)
 * syncs a connection to the EHR simulator (vendor API, on a socket) whose first provider is mapped
 * to a calendar; scheduling (its built process, consuming ehrsync.appointment.v1) then shows that
 * provider's booked appointments in the mapped calendar, and records every appointment of the
 * unmapped providers as an `unmapped_calendar` import conflict. Scheduling's reference events
 * reach ehr-sync through a publisher that writes them as scheduling's outbox would.
 */
describe('a sync shows up in scheduling', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  let scheduling: SchedulingProcess;
  let c: SchedulingClinic;
  let schedule: VendorAppointment[];
  let admin: string;
  let staff: string;
  let connectionId: string;
  const ref = new ReferencePublisher();
  const clinicId = newClinicId();
  const topic = `test.${newTopicSuffix()}.ehrsync.appointment.v1`;
  const path = () => `${connectionsPath(clinicId)}/${connectionId}`;

  beforeAll(async () => {
    await ref.start();
    [h, sim] = await Promise.all([
      startVaultHarness({ ...ref.topics, EHR_SYNC_RUNNER_POLL_MS: '100', EHR_SYNC_APPOINTMENT_TOPIC: topic }),
      startEhrSimulator({ port: 0, seed: 'to-scheduling', practitioners: 3, patients: 30, appointments: 90 }),
    ]);
    scheduling = await startSchedulingProcess(h.svc, topic);
    c = await scheduling.seedClinic(clinicId);
    schedule = await ehrSchedule(sim);
    admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    staff = await h.token(clinicId, ['staff'], 'staff-siri');
    await ref.practitioner(clinicId, c.practitionerId, 1);
    await ref.calendar(clinicId, c.calendarId, c.practitionerId, 1);
    await ref.appointmentType(clinicId, c.typeId, 1);
  }, 120_000);
  afterAll(async () => {
    await scheduling?.stop();
    await sim?.close();
    await h?.close();
    await ref.stop();
  });

  it('maps the first provider, syncs, and scheduling shows its appointments and conflicts for the rest', async () => {
    // A new connection's first full sync is ten minutes on: made due once the mappings are in place.
    expect((await h.call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() })).status).toBe(
      201,
    );
    const created = await h.call<{ id: string }>(
      'POST',
      connectionsPath(clinicId),
      admin,
      connectionBody(sim, 'vendor'),
    );
    expect(created.status).toBe(201);
    connectionId = created.body.id;
    await waitFor(
      async () =>
        (
          await h.call('PUT', `${path()}/provider-mappings/prov-1`, admin, {
            practitionerId: c.practitionerId,
            calendarId: c.calendarId,
          })
        ).status === 200,
      { timeoutMs: 30_000, what: "ehr-sync's reference copy to know the calendar" },
    );
    for (const cls of ['cls-1', 'cls-2', 'cls-3', 'cls-5']) {
      const put = await h.call('PUT', `${path()}/class-mappings/${cls}`, admin, {
        appointmentTypeId: c.typeId,
      });
      expect(put.status).toBe(200);
    }
    expect(
      (await h.call('PUT', `${path()}/class-mappings/${BREAK}`, admin, { unavailable: true })).status,
    ).toBe(200);
    await h.sql.query(`UPDATE ehr_sync.sync_schedules SET full_due_at = now() WHERE connection_id = $1`, [
      connectionId,
    ]);
    const [run] = await endedRuns(h, clinicId, connectionId, admin, 1);
    expect(run).toMatchObject({
      kind: 'full',
      state: 'succeeded',
      read: schedule.length,
      created: schedule.length,
    });

    const mapped = schedule.filter((a) => a.providerId === 'prov-1');
    const unmapped = schedule.filter((a) => a.providerId !== 'prov-1');
    const shown = mapped.filter((a) => a.classId !== BREAK && ['SCHEDULED', 'ARRIVED'].includes(a.status));
    expect(shown.length).toBeGreaterThan(0);
    expect(unmapped.length).toBeGreaterThan(0);

    // Scheduling applies every import: the mapped provider's booked appointments go into the mapped
    // calendar, except one overlapping an appointment already there (the EHR allows double
    // booking, the calendar does not): that one, and every appointment of the unmapped providers,
    // is an import conflict to resolve by hand.
    type Conflict = {
      externalId: string;
      reason: string;
      connectionId: string;
      conflictingAppointmentId: string | null;
    };
    const applied = async () => {
      const rows = await scheduling.query<{
        id: string;
        external_id: string;
        calendar_id: string;
        appointment_type_id: string;
      }>(
        `SELECT id, external_id, calendar_id, appointment_type_id FROM scheduling.appointments
          WHERE clinic_id = $1 AND connection_id = $2`,
        [clinicId, connectionId],
      );
      const r = await scheduling.call<{ items: Conflict[] }>('GET', '/v1/import-conflicts?limit=200', staff);
      expect(r.status).toBe(200);
      return { rows, conflicts: r.body.items };
    };
    const { rows, conflicts } = await waitFor(
      async () => {
        const a = await applied();
        return a.rows.length + a.conflicts.length >= shown.length + unmapped.length && a;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: 'scheduling to apply every import' },
    );
    const overlapping = conflicts.filter((x) => x.reason === 'overlaps_booking');
    expect(sorted([...rows.map((r) => r.external_id), ...overlapping.map((x) => x.externalId)])).toEqual(
      sorted(shown.map((a) => a.appointmentId)),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.calendar_id))).toEqual(new Set([c.calendarId]));
    expect(new Set(rows.map((r) => r.appointment_type_id))).toEqual(new Set([c.typeId]));
    const rowIds = new Set(rows.map((r) => r.id));
    for (const x of overlapping) expect(rowIds.has(x.conflictingAppointmentId ?? '')).toBe(true);
    const unmappedConflicts = conflicts.filter((x) => x.reason !== 'overlaps_booking');
    expect(sorted(unmappedConflicts.map((x) => x.externalId))).toEqual(
      sorted(unmapped.map((a) => a.appointmentId)),
    );
    expect(new Set(unmappedConflicts.map((x) => x.reason))).toEqual(new Set(['unmapped_calendar']));
    expect(new Set(conflicts.map((x) => x.connectionId))).toEqual(new Set([connectionId]));

    // The calendar, as staff read it through scheduling's API, shows exactly those appointments.
    const byId = new Map(schedule.map((a) => [a.appointmentId, a]));
    const listed = await scheduling.call<{ items: { start: string }[] }>(
      'GET',
      `/v1/appointments?calendarId=${c.calendarId}&limit=200`,
      staff,
    );
    expect(listed.status).toBe(200);
    expect(sorted(listed.body.items.map((a) => a.start))).toEqual(
      sorted(rows.map((r) => new Date(byId.get(r.external_id)!.start).toISOString())),
    );
  }, 180_000);
});
