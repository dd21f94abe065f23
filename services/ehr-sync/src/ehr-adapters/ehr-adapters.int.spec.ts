import { randomUUID } from 'node:crypto';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { createEhrAdapter } from './create-ehr-adapter';
import type { EhrAdapter, EhrCredentials, EhrSystem } from './ehr-adapter';
import { EHR_ADAPTER_CODES, EhrAdapterError } from './ehr-adapter.errors';
import type { EhrAppointment } from './ehr-appointment';

const APPOINTMENTS = 2500;

interface Style {
  system: EhrSystem;
  baseUrl(sim: RunningEhrSimulator): string;
  credentials(sim: RunningEhrSimulator): EhrCredentials;
  wrong(sim: RunningEhrSimulator): EhrCredentials;
  /** How the style names the simulator's class cls-1. */
  cls1: string;
}

const STYLES: Style[] = [
  {
    system: 'fhir-r4',
    baseUrl: (sim) => sim.fhirUrl,
    credentials: (sim) => ({ system: 'fhir-r4', ...sim.credentials.fhir }),
    wrong: (sim) => ({ system: 'fhir-r4', ...sim.credentials.fhir, clientSecret: 'not-the-secret' }),
    cls1: 'urn:ehr-simulator:appointment-class|cls-1',
  },
  {
    system: 'vendor',
    baseUrl: (sim) => sim.vendorUrl,
    credentials: (sim) => ({ system: 'vendor', ...sim.credentials.vendor }),
    wrong: (sim) => ({ system: 'vendor', ...sim.credentials.vendor, activationCode: 'ACT-0000-BAD' }),
    cls1: 'cls-1',
  },
];

async function failure(promise: Promise<unknown>): Promise<EhrAdapterError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EhrAdapterError);
  return error as EhrAdapterError;
}

async function drain(pages: AsyncIterable<{ items: EhrAppointment[]; watermark: string | null }>) {
  const items: EhrAppointment[] = [];
  let watermark: string | null = null;
  let pageCount = 0;
  for await (const page of pages) {
    items.push(...page.items);
    watermark = page.watermark;
    pageCount += 1;
  }
  return { items, watermark, pageCount };
}

describe.each(STYLES)('the $system adapter against the EHR simulator', (style) => {
  let sim: RunningEhrSimulator;
  let runToken: string;
  let adapter: EhrAdapter;

  beforeAll(async () => {
    sim = await startEhrSimulator({
      seed: `adapters-${style.system}`,
      practitioners: 4,
      patients: 100,
      appointments: APPOINTMENTS,
    });
  });

  afterAll(() => sim.close());

  beforeEach(async () => {
    sim.admin.clearFaults();
    sim.admin.clearRequests();
    runToken = randomUUID();
    adapter = createEhrAdapter(style.system, { baseUrl: style.baseUrl(sim), runToken, timeoutMs: 2000 });
    await adapter.authenticate(style.credentials(sim));
  });

  it('authenticates and lists the providers', async () => {
    const providers = await adapter.listProviders();
    expect(providers.map((p) => p.externalId)).toEqual(['prov-1', 'prov-2', 'prov-3', 'prov-4']);
    expect(providers[0]).toEqual({
      externalId: 'prov-1',
      version: expect.any(String),
      displayName: expect.stringMatching(/-1$/),
      active: true,
    });
  });

  it('reports rejected credentials', async () => {
    const fresh = createEhrAdapter(style.system, { baseUrl: style.baseUrl(sim), runToken });
    const error = await failure(fresh.authenticate(style.wrong(sim)));
    expect(error.code).toBe(EHR_ADAPTER_CODES.credentialsRejected);
    expect(error.details.status).toBe(401);
  });

  it('reports a withdrawn authorisation, and works again after authenticating again', async () => {
    sim.admin.deauthorize();
    const error = await failure(adapter.listProviders());
    expect(error.code).toBe(EHR_ADAPTER_CODES.deauthorized);
    await adapter.authenticate(style.credentials(sim));
    expect(await adapter.listProviders()).toHaveLength(4);
  });

  it('reports rate limiting with the Retry-After as milliseconds', async () => {
    sim.admin.setFaults({ rateLimit: { retryAfterSeconds: 7, times: 1 } });
    const error = await failure(adapter.listProviders());
    expect(error.code).toBe(EHR_ADAPTER_CODES.rateLimited);
    expect(error.retryAfterMs).toBe(7000);
    expect(await adapter.listProviders()).toHaveLength(4);
  });

  it('reports an EHR that answers 500, 503, too slowly or not at all as unavailable', async () => {
    sim.admin.setFaults({ serverError: { times: 1 } });
    expect((await failure(adapter.listProviders())).code).toBe(EHR_ADAPTER_CODES.unavailable);
    sim.admin.setFaults({ down: 'unavailable' });
    expect((await failure(adapter.listProviders())).details.status).toBe(503);
    sim.admin.setFaults({ down: 'reset' });
    expect((await failure(adapter.listProviders())).code).toBe(EHR_ADAPTER_CODES.unavailable);
    sim.admin.setFaults({ latencyMs: 2500 });
    expect((await failure(adapter.listProviders())).code).toBe(EHR_ADAPTER_CODES.unavailable);
    sim.admin.clearFaults();
    await sim.admin.goOffline();
    try {
      expect((await failure(adapter.listProviders())).code).toBe(EHR_ADAPTER_CODES.unavailable);
    } finally {
      await sim.admin.goOnline();
    }
    expect(await adapter.listProviders()).toHaveLength(4);
  });

  it(`pages through ${APPOINTMENTS} appointments, each exactly once, a page at a time`, async () => {
    const { items, pageCount, watermark } = await drain(adapter.appointments({ pageSize: 200 }));
    expect(items).toHaveLength(APPOINTMENTS);
    expect(new Set(items.map((a) => a.externalId)).size).toBe(APPOINTMENTS);
    expect(pageCount).toBe(Math.ceil(APPOINTMENTS / 200));
    expect(watermark).not.toBeNull();
    const booked = items.find((a) => a.status === 'booked' && a.patientExternalId !== null)!;
    expect(booked).toMatchObject({
      version: expect.any(String),
      providerExternalId: expect.stringMatching(/^prov-/),
      patientExternalId: expect.stringMatching(/^pat-/),
    });
    expect(booked.end.getTime()).toBeGreaterThan(booked.start.getTime());
  });

  it('sends the run token on every call', async () => {
    const fresh = createEhrAdapter(style.system, { baseUrl: style.baseUrl(sim), runToken });
    await fresh.authenticate(style.credentials(sim));
    await fresh.listProviders();
    await drain(fresh.appointments({ pageSize: 500 }));
    const requests = sim.admin.requests();
    expect(requests.length).toBeGreaterThanOrEqual(7);
    expect(requests.filter((r) => r.headers['x-sync-token'] !== runToken)).toEqual([]);
  });

  it('reads only what changed after a watermark, cancellations and reschedules included', async () => {
    const before = await drain(adapter.changes(null, 500));
    const { watermark } = before;
    // FHIR asks `ge` the watermark (records sharing a timestamp are not lost), so the last record
    // seen comes again at the same version; the import drops it by (external id, version).
    const seen = new Set(before.items.map((a) => `${a.externalId}|${a.version}`));
    const fresh = (items: EhrAppointment[]) => items.filter((a) => !seen.has(`${a.externalId}|${a.version}`));
    const created = sim.admin.createAppointment({
      providerId: 'prov-1',
      patientId: 'pat-7',
      classId: 'cls-2',
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T10:00:00Z',
    });
    sim.admin.cancelAppointment('appt-10');
    sim.admin.rescheduleAppointment('appt-11', '2026-03-03T09:00:00Z', '2026-03-03T09:30:00Z');
    const changed = await drain(adapter.changes(watermark, 500));
    const after = { ...changed, items: fresh(changed.items) };
    expect(after.items.map((a) => a.externalId)).toEqual([created.appointmentId, 'appt-10', 'appt-11']);
    expect(after.items[1]!.status).toBe('cancelled');
    expect(after.items[2]!.start.toISOString()).toBe('2026-03-03T09:00:00.000Z');
    for (const a of after.items) seen.add(`${a.externalId}|${a.version}`);
    expect(fresh((await drain(adapter.changes(after.watermark, 500))).items)).toEqual([]);
  });

  it('refuses an insert without an appointment type where the EHR requires one', async () => {
    sim.admin.setFaults({ requireAppointmentType: true });
    const appointment = {
      providerExternalId: 'prov-2',
      patientExternalId: 'pat-3',
      start: new Date('2026-03-04T09:00:00Z'),
      end: new Date('2026-03-04T09:30:00Z'),
    };
    const error = await failure(adapter.createAppointment({ ...appointment, appointmentClass: null }));
    expect(error.code).toBe(EHR_ADAPTER_CODES.insertRefused);
    const created = await adapter.createAppointment({ ...appointment, appointmentClass: style.cls1 });
    expect(created).toMatchObject({ ...appointment, appointmentClass: style.cls1, status: 'booked' });
  });

  it('writes back: create, reschedule and cancel, refusing a stale version', async () => {
    const created = await adapter.createAppointment({
      providerExternalId: 'prov-3',
      patientExternalId: 'pat-4',
      appointmentClass: style.cls1,
      start: new Date('2026-03-05T09:00:00Z'),
      end: new Date('2026-03-05T09:30:00Z'),
    });
    const moved = await adapter.rescheduleAppointment(
      created.externalId,
      { start: new Date('2026-03-05T11:00:00Z'), end: new Date('2026-03-05T11:30:00Z') },
      created.version!,
    );
    expect(moved.start.toISOString()).toBe('2026-03-05T11:00:00.000Z');
    expect(moved.version).not.toBe(created.version);
    const stale = await failure(adapter.cancelAppointment(created.externalId, created.version!));
    expect(stale.code).toBe(EHR_ADAPTER_CODES.writeConflict);
    const cancelled = await adapter.cancelAppointment(created.externalId, moved.version!);
    expect(cancelled.status).toBe('cancelled');
    expect((await failure(adapter.cancelAppointment('appt-999999'))).code).toBe(EHR_ADAPTER_CODES.notFound);
  });

  it('retries safely: the same key creates, moves and cancels once, and a note is filed once', async () => {
    sim.admin.clearWrites();
    const key = randomUUID();
    const appointment = {
      providerExternalId: 'prov-1',
      patientExternalId: 'pat-2',
      appointmentClass: style.cls1,
      start: new Date('2026-03-06T09:00:00Z'),
      end: new Date('2026-03-06T09:30:00Z'),
      idempotencyKey: key,
    };
    const first = await adapter.createAppointment(appointment);
    const again = await adapter.createAppointment(appointment);
    expect(again.externalId).toBe(first.externalId);
    const to = { start: new Date('2026-03-06T10:00:00Z'), end: new Date('2026-03-06T10:30:00Z') };
    const moveKey = randomUUID();
    await adapter.rescheduleAppointment(first.externalId, to, undefined, moveKey);
    const movedAgain = await adapter.rescheduleAppointment(first.externalId, to, undefined, moveKey);
    expect(movedAgain.start.toISOString()).toBe('2026-03-06T10:00:00.000Z');
    const cancelKey = randomUUID();
    await adapter.cancelAppointment(first.externalId, undefined, cancelKey);
    expect((await adapter.cancelAppointment(first.externalId, undefined, cancelKey)).status).toBe(
      'cancelled',
    );
    const noteKey = randomUUID();
    const note = {
      patientExternalId: 'pat-2',
      text: 'Synthetic note',
      writtenAt: new Date(),
      idempotencyKey: noteKey,
    };
    const filed = await adapter.createJournalNote(note);
    expect((await adapter.createJournalNote(note)).externalId).toBe(filed.externalId);
    expect(sim.admin.writes().map((w) => [w.action, w.recordId])).toEqual([
      ['create', first.externalId],
      ['reschedule', first.externalId],
      ['cancel', first.externalId],
      ['note', filed.externalId],
    ]);
  });
});
