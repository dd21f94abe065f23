import { randomUUID } from 'node:crypto';
import type { TestService } from '@carebus/testing';
import {
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

// Validation runs before any lookup, so an id of no type is fine where the input is refused anyway.
const ANY_TYPE = randomUUID();

describe('/v1/week-templates', () => {
  let svc: TestService;
  let adminA: string;
  let adminB: string;
  let typeA: string;
  let typeB: string;

  const create = (token: string, body: unknown) => call(svc, 'POST', '/v1/week-templates', token, body);
  const newType = async (token: string) =>
    (
      await call(svc, 'POST', '/v1/appointment-types', token, {
        name: 'Consultation',
        durationMinutes: 20,
        contactSurface: 'in_person',
      })
    ).body.id as string;
  const block = (weekday: number, start: string, end: string, appointmentTypeId = typeA) => ({
    weekday,
    start,
    end,
    appointmentTypeId,
  });

  beforeAll(async () => {
    svc = await startSchedulingService();
    const [clinicA, clinicB] = await Promise.all([seedClinic(svc), seedClinic(svc)]);
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
    [typeA, typeB] = await Promise.all([newType(adminA), newType(adminB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('creates a template with its blocks, returned by weekday then start', async () => {
    const res = await create(adminA, {
      name: 'Standard week',
      blocks: [block(3, '12:00', '15:00'), block(1, '10:00', '11:00'), block(1, '08:00', '10:00')],
    });
    expect(res.status).toBe(201);
    expect(res.body.blocks).toEqual([
      block(1, '08:00', '10:00'),
      block(1, '10:00', '11:00'),
      block(3, '12:00', '15:00'),
    ]);
  });

  it('replaces name and blocks as a whole', async () => {
    const { body } = await create(adminA, {
      name: 'Before',
      blocks: [block(1, '08:00', '12:00'), block(2, '08:00', '12:00')],
    });
    const res = await call(svc, 'PUT', `/v1/week-templates/${body.id}`, adminA, {
      name: 'After',
      blocks: [block(5, '09:00', '10:00')],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: body.id, name: 'After', blocks: [block(5, '09:00', '10:00')] });
    expect((await call(svc, 'GET', `/v1/week-templates/${body.id}`, adminA)).body).toEqual(res.body);
  });

  it('refuses overlapping blocks on one weekday with 422 naming them', async () => {
    const res = await create(adminA, {
      name: 'Overlap',
      blocks: [block(2, '08:00', '10:00'), block(4, '08:00', '10:00'), block(2, '09:30', '11:00')],
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'scheduling.week_template_blocks_overlap', blocks: [0, 2] });
  });

  it('refuses a replace with overlapping blocks and keeps the old blocks', async () => {
    const { body } = await create(adminA, { name: 'Keep', blocks: [block(1, '08:00', '09:00')] });
    const res = await call(svc, 'PUT', `/v1/week-templates/${body.id}`, adminA, {
      name: 'Keep',
      blocks: [block(1, '08:00', '09:00'), block(1, '08:30', '09:30')],
    });
    expect(res.status).toBe(422);
    expect((await call(svc, 'GET', `/v1/week-templates/${body.id}`, adminA)).body.blocks).toEqual([
      block(1, '08:00', '09:00'),
    ]);
  });

  it("refuses another clinic's appointment type with 422, naming it", async () => {
    const res = await create(adminA, { name: 'Foreign', blocks: [block(1, '08:00', '09:00', typeB)] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'scheduling.appointment_type_not_found',
      appointmentTypeIds: [typeB],
    });
  });

  it('refuses an archived appointment type with 422', async () => {
    const archived = await newType(adminA);
    await call(svc, 'POST', `/v1/appointment-types/${archived}/archive`, adminA);
    const res = await create(adminA, { name: 'Archived', blocks: [block(1, '08:00', '09:00', archived)] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.appointment_type_archived');
  });

  it.each([
    ['a weekday of 8', block(8, '08:00', '09:00', ANY_TYPE), 'blocks.0.weekday'],
    ['24:00 as a time', block(1, '08:00', '24:00', ANY_TYPE), 'blocks.0.end'],
    ['an end before the start', block(1, '10:00', '09:00', ANY_TYPE), 'blocks.0.end'],
    ['a type id that is no UUID', block(1, '08:00', '09:00', 'nope'), 'blocks.0.appointmentTypeId'],
  ])('refuses %s with 400 naming the block field', async (_case, bad, field) => {
    const res = await create(adminA, { name: 'Bad', blocks: [bad] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation.failed',
      errors: [expect.objectContaining({ field })],
    });
  });

  it("answers another clinic's template with 404 on every verb", async () => {
    const { body } = await create(adminA, { name: 'Mine', blocks: [] });
    for (const [method, payload] of [['GET'], ['PUT', { name: 'x', blocks: [] }], ['DELETE']] as const) {
      const res = await call(svc, method, `/v1/week-templates/${body.id}`, adminB, payload);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.week_template_not_found');
    }
  });

  it('refuses writes by staff with 403', async () => {
    const clinic = await seedClinic(svc);
    const res = await create(await tokenFor(svc, clinic, { roles: ['staff'] }), { name: 'x', blocks: [] });
    expect(res.status).toBe(403);
  });

  it('pages without duplicates', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    for (const name of ['w1', 'w2', 'w3']) await create(admin, { name, blocks: [] });
    const pages = await readAllPages(svc, '/v1/week-templates', admin, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat()).size).toBe(3);
  });
});
