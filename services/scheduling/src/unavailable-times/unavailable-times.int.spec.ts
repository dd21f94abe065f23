import type { TestService } from '@carebus/testing';
import {
  asOwner,
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

const LUNCH = {
  start: '2026-03-02T11:00:00+01:00',
  end: '2026-03-02T11:30:00+01:00',
  kind: 'break',
  reason: 'Lunch',
};
const MARCH = 'from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z';

describe('unavailable time', () => {
  let svc: TestService;
  let clinicA: string;
  let adminA: string;
  let adminB: string;
  let calendarA: string;

  const calendar = async (token: string) =>
    (await call(svc, 'POST', '/v1/calendars', token, { name: 'Room', resourceName: 'Room' })).body
      .id as string;
  const create = (token: string, calendarId: string, body: unknown) =>
    call(svc, 'POST', `/v1/calendars/${calendarId}/unavailable-times`, token, body);

  beforeAll(async () => {
    svc = await startSchedulingService();
    clinicA = await seedClinic(svc);
    const clinicB = await seedClinic(svc);
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
    calendarA = await calendar(adminA);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('stores a break as a half-open [start, end) range and returns it in UTC', async () => {
    const res = await create(adminA, calendarA, LUNCH);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      calendarId: calendarA,
      start: '2026-03-02T10:00:00.000Z',
      end: '2026-03-02T10:30:00.000Z',
      kind: 'break',
      reason: 'Lunch',
      source: 'clinic',
    });
    const [row] = await asOwner(
      svc,
      async (db) =>
        (
          await db.query(
            `SELECT lower_inc(during) AS li, upper_inc(during) AS ui FROM scheduling.unavailable_times WHERE id = $1`,
            [res.body.id],
          )
        ).rows,
    );
    expect(row).toEqual({ li: true, ui: false });
  });

  it.each(['practitioner', 'staff'] as const)('lets a %s add and remove unavailable time', async (role) => {
    const token = await tokenFor(svc, clinicA, { roles: [role] });
    const res = await create(token, calendarA, { ...LUNCH, kind: 'absence' });
    expect(res.status).toBe(201);
    expect((await call(svc, 'DELETE', `/v1/unavailable-times/${res.body.id}`, token)).status).toBe(204);
    expect((await call(svc, 'GET', `/v1/unavailable-times/${res.body.id}`, token)).status).toBe(404);
  });

  it('refuses patients with 403', async () => {
    const token = await tokenFor(svc, clinicA, { roles: ['patient'] });
    expect(
      (await call(svc, 'GET', `/v1/calendars/${calendarA}/unavailable-times?${MARCH}`, token)).status,
    ).toBe(403);
  });

  it('refuses an end before the start with 400 scheduling.invalid_time_range', async () => {
    const res = await create(adminA, calendarA, { ...LUNCH, end: '2026-03-02T10:59:00+01:00' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'scheduling.invalid_time_range', errors: [{ field: 'end' }] });
  });

  it('refuses an instant without an offset with 400', async () => {
    const res = await create(adminA, calendarA, { ...LUNCH, start: '2026-03-02T11:00:00' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('scheduling.invalid_time_range');
  });

  it('refuses an unknown kind with 400', async () => {
    const res = await create(adminA, calendarA, { ...LUNCH, kind: 'holiday' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
  });

  it('requires the period when listing, naming from and to', async () => {
    const res = await call(svc, 'GET', `/v1/calendars/${calendarA}/unavailable-times`, adminA);
    expect(res.status).toBe(400);
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['from', 'to']);
  });

  it("answers another clinic's calendar and unavailable time with 404", async () => {
    const created = await create(adminA, calendarA, LUNCH);
    const onCalendar = await create(adminB, calendarA, LUNCH);
    expect(onCalendar.status).toBe(404);
    expect(onCalendar.body.code).toBe('scheduling.calendar_not_found');
    expect(
      (await call(svc, 'GET', `/v1/calendars/${calendarA}/unavailable-times?${MARCH}`, adminB)).status,
    ).toBe(404);
    for (const method of ['GET', 'DELETE']) {
      const res = await call(svc, method, `/v1/unavailable-times/${created.body.id}`, adminB);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.unavailable_time_not_found');
    }
  });

  it('lists what overlaps the period, by start, two pages without duplicates', async () => {
    const cal = await calendar(adminA);
    const at = (day: string, from: string, to: string) => ({
      start: `2026-03-${day}T${from}:00Z`,
      end: `2026-03-${day}T${to}:00Z`,
      kind: 'unavailable_class',
    });
    for (const slot of [at('03', '09', '10'), at('01', '09', '10'), at('02', '09', '10')])
      await create(adminA, cal, slot);
    await create(adminA, cal, {
      ...at('01', '09', '10'),
      start: '2026-02-27T09:00:00Z',
      end: '2026-02-28T00:00:00Z',
    });
    const pages = await readAllPages(svc, `/v1/calendars/${cal}/unavailable-times?${MARCH}`, adminA, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat()).size).toBe(3);
    const touching = await call<{ items: unknown[] }>(
      svc,
      'GET',
      `/v1/calendars/${cal}/unavailable-times?from=2026-03-01T10:00:00Z&to=2026-03-02T09:00:00Z`,
      adminA,
    );
    // [09:00, 10:00) on the 1st ends where the period starts and the 2nd's starts where it ends.
    expect(touching.body.items).toEqual([]);
  });
});
