import { randomUUID } from 'node:crypto';
import type { TestService } from '@carebus/testing';
import {
  asOwner,
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

describe('/v1/locations', () => {
  let svc: TestService;
  let clinicA: string;
  let clinicB: string;
  let adminA: string;
  let adminB: string;

  const create = (token: string, body: unknown) => call(svc, 'POST', '/v1/locations', token, body);

  beforeAll(async () => {
    svc = await startSchedulingService();
    [clinicA, clinicB] = await Promise.all([seedClinic(svc, 'Clinic A'), seedClinic(svc, 'Clinic B')]);
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('creates a location and reads it back', async () => {
    const created = await create(adminA, { name: 'Storgata', address: 'Storgata 1, Oslo' });
    expect(created.status).toBe(201);
    const read = await call(
      svc,
      'GET',
      `/v1/locations/${created.body.id}`,
      await tokenFor(svc, clinicA, { roles: ['staff'] }),
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: created.body.id, name: 'Storgata', address: 'Storgata 1, Oslo' });
  });

  it('updates only the fields sent, and null clears the address', async () => {
    const { body } = await create(adminA, { name: 'Old', address: 'Somewhere' });
    const renamed = await call(svc, 'PATCH', `/v1/locations/${body.id}`, adminA, { name: 'New' });
    expect(renamed.body).toMatchObject({ name: 'New', address: 'Somewhere' });
    const cleared = await call(svc, 'PATCH', `/v1/locations/${body.id}`, adminA, { address: null });
    expect(cleared.body).toMatchObject({ name: 'New', address: null });
  });

  it('refuses null for a required field in a PATCH with 400 validation.failed', async () => {
    const { body } = await create(adminA, { name: 'Keep' });
    const res = await call(svc, 'PATCH', `/v1/locations/${body.id}`, adminA, { name: null });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'validation.failed' });
  });

  it('answers bad input with 400 problem+json listing the fields', async () => {
    const res = await create(adminA, { name: '', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'colour']));
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await create(adminA, '{"name":');
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
  });

  it("answers another clinic's location exactly like an unknown one: 404, no data", async () => {
    const { body } = await create(adminA, { name: 'Secret A' });
    const other = await call(svc, 'GET', `/v1/locations/${body.id}`, adminB);
    const unknown = await call(svc, 'GET', `/v1/locations/${randomUUID()}`, adminB);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('scheduling.location_not_found');
    expect({ ...other.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect((await call(svc, 'PATCH', `/v1/locations/${body.id}`, adminB, { name: 'x' })).status).toBe(404);
    expect((await call(svc, 'DELETE', `/v1/locations/${body.id}`, adminB)).status).toBe(404);
    const list = await call<{ items: { name: string }[] }>(svc, 'GET', '/v1/locations', adminB);
    expect(list.body.items.map((l) => l.name)).not.toContain('Secret A');
  });

  it('refuses writes by staff with 403', async () => {
    const res = await create(await tokenFor(svc, clinicA, { roles: ['staff'] }), { name: 'Nope' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
  });

  it('refuses reads by patients with 403', async () => {
    const res = await call(svc, 'GET', '/v1/locations', await tokenFor(svc, clinicA, { roles: ['patient'] }));
    expect(res.status).toBe(403);
  });

  it('answers a malformed id with 400 naming the parameter', async () => {
    const res = await call(svc, 'GET', '/v1/locations/not-a-uuid', adminA);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('pages through the list by name without duplicates', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    for (const name of ['E', 'C', 'A', 'D', 'B']) await create(admin, { name });
    const pages = await readAllPages(svc, '/v1/locations', admin, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('refuses a page size above 200 and a forged cursor with 400', async () => {
    expect((await call(svc, 'GET', '/v1/locations?limit=201', adminA)).status).toBe(400);
    const forged = Buffer.from(JSON.stringify(['A', 'not-a-uuid'])).toString('base64url');
    const res = await call(svc, 'GET', `/v1/locations?cursor=${forged}`, adminA);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'cursor', message: 'is not a cursor issued by this API' }]);
  });

  it('deletes an unused location and refuses one a calendar is placed at with 409', async () => {
    const unused = await create(adminA, { name: 'Unused' });
    expect((await call(svc, 'DELETE', `/v1/locations/${unused.body.id}`, adminA)).status).toBe(204);
    expect((await call(svc, 'GET', `/v1/locations/${unused.body.id}`, adminA)).status).toBe(404);

    const used = await create(adminA, { name: 'Used' });
    await asOwner(svc, (db) =>
      db.query(
        `INSERT INTO scheduling.calendars (id, clinic_id, name, resource_name, location_id) VALUES ($1, $2, 'Room', 'Room', $3)`,
        [randomUUID(), clinicA, used.body.id],
      ),
    );
    const res = await call(svc, 'DELETE', `/v1/locations/${used.body.id}`, adminA);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.location_in_use');
  });
});
