import { randomUUID } from 'node:crypto';
import { decodeEventPayload, EVENTS } from '@carebus/contracts';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, waitFor } from '@carebus/testing';
import {
  connectClinic,
  linkIds,
  startWriteBackHarness,
  writeCounts,
  type TestAppointment,
  type WriteBackHarness,
} from '../../test/write-back-harness';

/** How long the EHR is down while the platform's writes queue up (CI: at least 20 s). */
const OUTAGE_MS = Number(process.env.CAREBUS_TEST_EHR_OUTAGE_MS ?? 20_000);

/**
 * The write-back over real PostgreSQL, Kafka (the platform's appointment events in, the alert
 * events out through the outbox) and the EHR simulator on a real socket.
 */
describe('write-back to the EHR', () => {
  let wb: WriteBackHarness;
  let sim: RunningEhrSimulator;
  let clinicId: string;
  let admin: string;
  let connectionId: string;
  const calendarId = randomUUID();
  const typeId = randomUUID();
  const patients = Array.from({ length: 5 }, () => randomUUID());
  let minute = 0;

  const appointment = (over: Partial<TestAppointment> = {}): TestAppointment => ({
    id: randomUUID(),
    calendarId,
    patientId: patients[minute % patients.length]!,
    typeId,
    start: new Date(Date.UTC(2026, 5, 1, 8) + (minute += 30) * 60_000),
    minutes: 30,
    ...over,
  });
  const linksOf = async () => {
    const { rows } = await wb.h.sql.query<{ carebus_id: string; external_id: string }>(
      `SELECT carebus_id, external_id FROM ehr_sync.ehr_links WHERE connection_id = $1 AND kind = 'appointment'`,
      [connectionId],
    );
    return new Map(rows.map((r) => [r.external_id, r.carebus_id]));
  };
  /** The write queue as the connection's sync status shows it to the clinic admin. */
  const queueStatus = async () => {
    const r = await wb.h.call<{
      writeQueue: { pending: number; parked: number; oldestPendingAgeMs: number | null };
    }>('GET', `/v1/clinics/${clinicId}/ehr-connections/${connectionId}/sync-status`, admin);
    expect(r.status).toBe(200);
    return r.body.writeQueue;
  };
  const writesOf = (externalId: string) => sim.admin.writes().filter((w) => w.recordId === externalId);

  beforeAll(async () => {
    [wb, sim] = await Promise.all([
      startWriteBackHarness(),
      startEhrSimulator({ port: 0, seed: 'write-back', practitioners: 3, patients: 20, appointments: 10 }),
    ]);
    ({ clinicId, admin, connectionId } = await connectClinic(wb.h, sim));
    await linkIds(wb.h, clinicId, connectionId, [
      ['calendar', calendarId, 'prov-1'],
      ['appointment_type', typeId, 'cls-1'],
      ...patients.map((p, i): [string, string, string] => ['patient', p, `pat-${i + 1}`]),
    ]);
  }, 90_000);
  afterAll(async () => {
    await sim?.admin.goOnline();
    await sim?.close();
    await wb?.close();
  });
  beforeEach(() => sim.admin.clearFaults());

  it(
    `queues 500 writes through a ${OUTAGE_MS / 1000} s outage and writes each once, in per-appointment order`,
    async () => {
      await sim.admin.goOffline();
      const outageStarted = Date.now();
      const booked = Array.from({ length: 200 }, () => appointment());
      const plan: [TestAppointment, 'booked' | 'rescheduled' | 'cancelled'][] = [];
      booked.forEach((a, i) => {
        plan.push([a, 'booked']);
        if (i < 150) plan.push([{ ...a, start: new Date(a.start.getTime() + 3600_000) }, 'rescheduled']);
        if (i >= 50) plan.push([a, 'cancelled']);
      });
      expect(plan).toHaveLength(500);
      // Per appointment in order (one Kafka key each); appointments interleaved.
      for (const [a, kind] of plan) await wb.publish(clinicId, kind, a);
      await waitFor(async () => (await writeCounts(wb.h, clinicId)).pending === 500, {
        timeoutMs: 60_000,
        what: '500 queued writes',
      });
      const waiting = await queueStatus();
      const firstAsked = Date.now();
      expect(waiting).toMatchObject({ pending: 500, parked: 0 });
      expect(waiting.oldestPendingAgeMs).toBeGreaterThan(0);
      expect(waiting.oldestPendingAgeMs).toBeLessThanOrEqual(firstAsked - outageStarted + 1_000);
      await new Promise((r) => setTimeout(r, Math.max(500, OUTAGE_MS - (Date.now() - outageStarted))));
      expect(sim.admin.writes()).toHaveLength(0);
      // The oldest write ages with the clock while the EHR stays down.
      const waitedMs = Date.now() - firstAsked;
      expect((await queueStatus()).oldestPendingAgeMs).toBeGreaterThanOrEqual(
        waiting.oldestPendingAgeMs! + waitedMs - 5,
      );
      await sim.admin.goOnline();
      await waitFor(async () => (await writeCounts(wb.h, clinicId)).done === 500, {
        timeoutMs: 120_000,
        intervalMs: 250,
        what: 'all 500 writes done',
      });

      const links = await linksOf();
      const expected = new Map(
        booked.map((a, i) => [
          a.id,
          ['create', ...(i < 150 ? ['reschedule'] : []), ...(i >= 50 ? ['cancel'] : [])],
        ]),
      );
      const seen = new Map<string, string[]>();
      for (const w of sim.admin.writes()) {
        const carebusId = links.get(w.recordId);
        expect(carebusId).toBeDefined(); // nothing in the EHR that Carebus did not ask for
        seen.set(carebusId!, [...(seen.get(carebusId!) ?? []), w.action]);
      }
      expect(seen).toEqual(expected);
      const counts = await writeCounts(wb.h, clinicId);
      expect(counts).toEqual({ done: 500 });
      expect(await queueStatus()).toEqual({ pending: 0, parked: 0, oldestPendingAgeMs: null });
    },
    OUTAGE_MS + 240_000,
  );

  it('honours Retry-After: the next attempt waits at least as long as the EHR asked', async () => {
    sim.admin.clearRequests();
    sim.admin.setFaults({ rateLimit: { retryAfterSeconds: 2, times: 1 } });
    const a = appointment();
    await wb.publish(clinicId, 'booked', a);
    await waitFor(async () => (await linksOf()).size > 0 && [...(await linksOf()).values()].includes(a.id), {
      timeoutMs: 30_000,
      what: 'the booking in the EHR',
    });
    const posts = sim.admin.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/appointments'));
    expect(posts.map((p) => p.status)).toEqual([429, 201]);
    const gap = Date.parse(posts[1]!.at) - Date.parse(posts[0]!.at);
    expect(gap).toBeGreaterThanOrEqual(2000);
  });

  it('never writes an imported change back to the EHR it came from', async () => {
    const before = sim.admin.writes().length;
    const own = appointment({ origin: connectionId });
    const ownEvent = await wb.publish(clinicId, 'booked', own);
    const foreign = appointment({ origin: randomUUID() });
    await wb.publish(clinicId, 'booked', foreign);
    await waitFor(async () => [...(await linksOf()).values()].includes(foreign.id), {
      timeoutMs: 30_000,
      what: 'the change from another origin in the EHR',
    });
    const { rows } = await wb.h.sql.query(`SELECT 1 FROM ehr_sync.processed_events WHERE event_id = $1`, [
      ownEvent,
    ]);
    expect(rows).toHaveLength(1); // consumed (same partition, before the other) …
    const queued = await wb.h.sql.query(`SELECT 1 FROM ehr_sync.write_queue WHERE subject_id = $1`, [own.id]);
    expect(queued.rows).toHaveLength(0); // … and not queued
    expect(sim.admin.writes().length).toBe(before + 1);
  });

  it('parks a write the EHR cannot take, alerts once, and an operator retries it', async () => {
    const unmapped = appointment({ calendarId: randomUUID() });
    await wb.publish(clinicId, 'booked', unmapped);
    const parked = await waitFor(
      async () => {
        const r = await wb.h.call<{ items: { id: string; subjectId: string; errorCode: string }[] }>(
          'GET',
          `/v1/clinics/${clinicId}/ehr-writes/parked`,
          admin,
        );
        return r.body.items.find((w) => w.subjectId === unmapped.id);
      },
      { timeoutMs: 30_000, what: 'the parked write' },
    );
    expect(parked.errorCode).toBe('ehrsync.write_back_unmapped');
    const { rows } = await wb.h.sql.query<{ payload: Buffer }>(
      `SELECT payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND event_type = $2`,
      [clinicId, EVENTS.writeBackParked.type],
    );
    const alerts = rows.map((r) => decodeEventPayload(EVENTS.writeBackParked, r.payload));
    expect(alerts.filter((a) => a.writeId === parked.id)).toEqual([
      expect.objectContaining({
        errorCode: 'ehrsync.write_back_unmapped',
        subjectId: unmapped.id,
        writeKind: 'create',
      }),
    ]);

    // Another clinic's operator sees nothing and cannot retry it.
    const other = newClinicId();
    const otherOperator = await wb.h.token(other, ['operator']);
    const foreign = await wb.h.call(
      'POST',
      `/v1/clinics/${other}/ehr-writes/${parked.id}/retry`,
      otherOperator,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('ehrsync.write_not_found');
    const staff = await wb.h.token(clinicId, ['staff']);
    expect((await wb.h.call('GET', `/v1/clinics/${clinicId}/ehr-writes/parked`, staff)).status).toBe(403);

    await linkIds(wb.h, clinicId, connectionId, [['calendar', unmapped.calendarId, 'prov-2']]);
    const operator = await wb.h.token(clinicId, ['operator'], 'operator-olga');
    const retried = await wb.h.call(
      'POST',
      `/v1/clinics/${clinicId}/ehr-writes/${parked.id}/retry`,
      operator,
    );
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('pending');
    await waitFor(async () => [...(await linksOf()).values()].includes(unmapped.id), {
      timeoutMs: 30_000,
      what: 'the retried write in the EHR',
    });
    const again = await wb.h.call('POST', `/v1/clinics/${clinicId}/ehr-writes/${parked.id}/retry`, operator);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ehrsync.write_not_parked');
    const audit = await wb.h.sql.query<{ action: string; subject: string; outcome: string }>(
      `SELECT action, subject, outcome FROM ehr_sync.audit_log WHERE clinic_id = $1 AND resource_id = $2 ORDER BY id`,
      [clinicId, parked.id],
    );
    expect(audit.rows.map((r) => [r.action, r.outcome])).toEqual([
      ['ehr_write.park', 'failed'],
      ['ehr_write.retry', 'allowed'],
      ['ehr_write.write', 'allowed'],
      ['ehr_write.retry', 'failed'],
    ]);
    const link = [...(await linksOf()).entries()].find(([, c]) => c === unmapped.id)![0];
    expect(writesOf(link).map((w) => w.action)).toEqual(['create']);
  });

  it('an insert whose type has no EHR class and no configured default parks with a clear code', async () => {
    const untyped = appointment({ typeId: randomUUID() });
    await wb.publish(clinicId, 'booked', untyped);
    await waitFor(
      async () => {
        const { rows } = await wb.h.sql.query<{ status: string; last_error_code: string }>(
          `SELECT status, last_error_code FROM ehr_sync.write_queue WHERE subject_id = $1`,
          [untyped.id],
        );
        return (
          rows[0]?.status === 'parked' && rows[0].last_error_code === 'ehrsync.write_back_no_default_type'
        );
      },
      { timeoutMs: 30_000, what: 'the untyped insert parked' },
    );
  });

  it('files a journal note once, however often it is asked, and answers filed once', async () => {
    const entry = {
      id: randomUUID(),
      patientId: patients[0]!,
      title: 'E-consultation',
      body: 'Synthetic note body',
    };
    const eventId = await wb.requestJournalEntry(clinicId, entry);
    await wb.requestJournalEntry(clinicId, entry, eventId); // redelivered
    await wb.requestJournalEntry(clinicId, entry); // asked again under a new event id
    const answers = async () => {
      const { rows } = await wb.h.sql.query<{ event_type: string; payload: Buffer }>(
        `SELECT event_type, payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND aggregate_id = $2 ORDER BY seq`,
        [clinicId, entry.id],
      );
      return rows;
    };
    const filed = await waitFor(async () => (await answers()).length === 1 && (await answers()), {
      timeoutMs: 30_000,
      what: 'the filed answer',
    });
    expect(filed[0]!.event_type).toBe(EVENTS.journalEntryFiled.type);
    const answer = decodeEventPayload(EVENTS.journalEntryFiled, filed[0]!.payload);
    expect(answer).toMatchObject({ journalEntryId: entry.id, connectionId });
    const notes = sim.admin.writes().filter((w) => w.action === 'note' && w.key === entry.id);
    expect(notes).toEqual([expect.objectContaining({ recordId: answer.externalId })]);
    // The note rests sealed in the queue, never in clear.
    const { rows } = await wb.h.sql.query<{ payload: unknown }>(
      `SELECT payload FROM ehr_sync.write_queue WHERE subject_id = $1`,
      [entry.id],
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0]!.payload)).not.toContain('Synthetic note body');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await answers()).toHaveLength(1);
  });

  it('answers JournalEntryFailed when the patient has no EHR link', async () => {
    const entry = { id: randomUUID(), patientId: randomUUID(), title: 'T', body: 'Synthetic' };
    await wb.requestJournalEntry(clinicId, entry);
    const failed = await waitFor(
      async () => {
        const { rows } = await wb.h.sql.query<{ event_type: string; payload: Buffer }>(
          `SELECT event_type, payload FROM ehr_sync.outbox WHERE clinic_id = $1 AND aggregate_id = $2 AND event_type = $3`,
          [clinicId, entry.id, EVENTS.journalEntryFailed.type],
        );
        return rows[0];
      },
      { timeoutMs: 30_000, what: 'the failed answer' },
    );
    expect(decodeEventPayload(EVENTS.journalEntryFailed, failed.payload)).toMatchObject({
      journalEntryId: entry.id,
      errorCode: 'ehrsync.write_back_unmapped',
    });
  });
});
