import { randomUUID } from 'node:crypto';
import type { TestService } from '@carebus/testing';
import {
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

describe('work plans', () => {
  let svc: TestService;
  let adminA: string;
  let adminB: string;
  let templateA: string;
  let templateB: string;

  const calendar = async (token: string) =>
    (await call(svc, 'POST', '/v1/calendars', token, { name: 'Room', resourceName: 'Room' })).body
      .id as string;
  const template = async (token: string) =>
    (await call(svc, 'POST', '/v1/week-templates', token, { name: 'Week', blocks: [] })).body.id as string;
  const plan = (
    token: string,
    calendarId: string,
    validFrom: string,
    validTo: string,
    weekTemplateId = templateA,
  ) =>
    call(svc, 'POST', `/v1/calendars/${calendarId}/work-plans`, token, {
      weekTemplateId,
      validFrom,
      validTo,
    });

  beforeAll(async () => {
    svc = await startSchedulingService();
    const [clinicA, clinicB] = await Promise.all([seedClinic(svc), seedClinic(svc)]);
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
    [templateA, templateB] = await Promise.all([template(adminA), template(adminB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('applies a template to a calendar over an inclusive date range', async () => {
    const cal = await calendar(adminA);
    const res = await plan(adminA, cal, '2026-01-05', '2026-06-30');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      calendarId: cal,
      weekTemplateId: templateA,
      validFrom: '2026-01-05',
      validTo: '2026-06-30',
    });
    expect((await call(svc, 'GET', `/v1/work-plans/${res.body.id}`, adminA)).body).toEqual(res.body);
  });

  it('answers a plan sharing even one day with another with 409 scheduling.work_plan_overlaps', async () => {
    const cal = await calendar(adminA);
    expect((await plan(adminA, cal, '2026-01-01', '2026-01-31')).status).toBe(201);
    const res = await plan(adminA, cal, '2026-01-31', '2026-02-28');
    expect(res.status).toBe(409);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('scheduling.work_plan_overlaps');
    expect((await plan(adminA, cal, '2026-02-01', '2026-02-28')).status).toBe(201);
  });

  it('lets different calendars have plans on the same dates', async () => {
    const [one, two] = [await calendar(adminA), await calendar(adminA)];
    expect((await plan(adminA, one, '2026-03-01', '2026-03-31')).status).toBe(201);
    expect((await plan(adminA, two, '2026-03-01', '2026-03-31')).status).toBe(201);
  });

  it('answers moving a plan onto another with 409', async () => {
    const cal = await calendar(adminA);
    const first = await plan(adminA, cal, '2026-04-01', '2026-04-30');
    await plan(adminA, cal, '2026-05-01', '2026-05-31');
    const res = await call(svc, 'PATCH', `/v1/work-plans/${first.body.id}`, adminA, {
      validTo: '2026-05-02',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.work_plan_overlaps');
    const shortened = await call(svc, 'PATCH', `/v1/work-plans/${first.body.id}`, adminA, {
      validTo: '2026-04-15',
    });
    expect(shortened.body).toMatchObject({ validFrom: '2026-04-01', validTo: '2026-04-15' });
  });

  it('refuses an end before the start with 400 scheduling.invalid_date_range', async () => {
    const res = await plan(adminA, await calendar(adminA), '2026-02-10', '2026-02-09');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('scheduling.invalid_date_range');
  });

  it.each([['2026-02-30'], ['2026-1-5'], ['2026-01-05T00:00:00Z']])(
    'refuses the date %s with 400',
    async (date) => {
      const res = await plan(adminA, await calendar(adminA), date, '2026-12-31');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'validFrom' })]),
      );
    },
  );

  it("refuses another clinic's template with 422 scheduling.week_template_not_found", async () => {
    const res = await plan(adminA, await calendar(adminA), '2026-01-01', '2026-01-31', templateB);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.week_template_not_found');
  });

  it("answers another clinic's calendar and plan with 404", async () => {
    const cal = await calendar(adminA);
    const created = await plan(adminA, cal, '2026-01-01', '2026-01-31');
    const onCalendar = await plan(adminB, cal, '2026-01-01', '2026-01-31', templateB);
    expect(onCalendar.status).toBe(404);
    expect(onCalendar.body.code).toBe('scheduling.calendar_not_found');
    expect((await call(svc, 'GET', `/v1/calendars/${cal}/work-plans`, adminB)).status).toBe(404);
    for (const method of ['GET', 'DELETE']) {
      const res = await call(svc, method, `/v1/work-plans/${created.body.id}`, adminB);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.work_plan_not_found');
    }
  });

  it('keeps a template in use from being deleted (409), and frees it with the plan', async () => {
    const tpl = await template(adminA);
    const created = await plan(adminA, await calendar(adminA), '2026-01-01', '2026-01-31', tpl);
    const refused = await call(svc, 'DELETE', `/v1/week-templates/${tpl}`, adminA);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('scheduling.week_template_in_use');
    expect((await call(svc, 'DELETE', `/v1/work-plans/${created.body.id}`, adminA)).status).toBe(204);
    expect((await call(svc, 'DELETE', `/v1/week-templates/${tpl}`, adminA)).status).toBe(204);
  });

  it('lets staff list plans but not create them', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    const staff = await tokenFor(svc, clinic, { roles: ['staff'] });
    const cal = await calendar(admin);
    expect((await call(svc, 'GET', `/v1/calendars/${cal}/work-plans`, staff)).status).toBe(200);
    const res = await plan(staff, cal, '2026-01-01', '2026-01-31', randomUUID());
    expect(res.status).toBe(403);
  });

  it("lists a calendar's plans by start date, two pages without duplicates, filtered by period", async () => {
    const cal = await calendar(adminA);
    for (const month of ['03', '01', '02']) await plan(adminA, cal, `2027-${month}-01`, `2027-${month}-20`);
    const pages = await readAllPages(svc, `/v1/calendars/${cal}/work-plans`, adminA, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat()).size).toBe(3);
    const inFebruary = await call<{ items: { validFrom: string }[] }>(
      svc,
      'GET',
      `/v1/calendars/${cal}/work-plans?from=2027-02-10&to=2027-02-28`,
      adminA,
    );
    expect(inFebruary.body.items.map((p) => p.validFrom)).toEqual(['2027-02-01']);
  });
});
