import { randomUUID } from 'node:crypto';
import type { TestService } from '@carebus/testing';
import {
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

describe('/v1/practitioners', () => {
  let svc: TestService;
  let clinicA: string;
  let adminA: string;
  let adminB: string;

  const create = (token: string, body: unknown) => call(svc, 'POST', '/v1/practitioners', token, body);

  beforeAll(async () => {
    svc = await startSchedulingService();
    clinicA = await seedClinic(svc, 'Clinic A');
    const clinicB = await seedClinic(svc, 'Clinic B');
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('creates an active practitioner', async () => {
    const res = await create(adminA, { name: 'Dr. Kari Nordmann', profession: 'gp' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Dr. Kari Nordmann', profession: 'gp', active: true });
  });

  it('refuses an unknown profession with 400 naming the field', async () => {
    const res = await create(adminA, { name: 'X', profession: 'surgeon' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation.failed',
      errors: [expect.objectContaining({ field: 'profession' })],
    });
  });

  it('refuses unknown fields with 400', async () => {
    const res = await create(adminA, { name: 'X', profession: 'gp', salary: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'salary' })]);
  });

  it('deactivates instead of deleting, and PATCH active=true reactivates', async () => {
    const { body } = await create(adminA, { name: 'Leaving', profession: 'nurse' });
    const off = await call(svc, 'POST', `/v1/practitioners/${body.id}/deactivate`, adminA);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    // A practitioner has no DELETE at all.
    const deleted = await call(svc, 'DELETE', `/v1/practitioners/${body.id}`, adminA);
    expect(deleted).toMatchObject({ status: 405, body: { code: 'http.method_not_allowed' } });
    const on = await call(svc, 'PATCH', `/v1/practitioners/${body.id}`, adminA, { active: true });
    expect(on.body.active).toBe(true);
  });

  it('filters the list by active', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    const { body } = await create(admin, { name: 'Inactive', profession: 'gp' });
    await create(admin, { name: 'Active', profession: 'gp' });
    await call(svc, 'POST', `/v1/practitioners/${body.id}/deactivate`, admin);
    const res = await call<{ items: { name: string }[] }>(
      svc,
      'GET',
      '/v1/practitioners?active=false',
      admin,
    );
    expect(res.body.items.map((p) => p.name)).toEqual(['Inactive']);
  });

  it("answers another clinic's practitioner with 404 scheduling.practitioner_not_found", async () => {
    const { body } = await create(adminA, { name: 'Mine', profession: 'dentist' });
    for (const [method, path, payload] of [
      ['GET', `/v1/practitioners/${body.id}`, undefined],
      ['PATCH', `/v1/practitioners/${body.id}`, { name: 'Stolen' }],
      ['POST', `/v1/practitioners/${body.id}/deactivate`, undefined],
    ] as const) {
      const res = await call(svc, method, path, adminB, payload);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.practitioner_not_found');
    }
    expect((await call(svc, 'GET', `/v1/practitioners/${randomUUID()}`, adminA)).body.code).toBe(
      'scheduling.practitioner_not_found',
    );
  });

  it('lets practitioners read but not write', async () => {
    const practitioner = await tokenFor(svc, clinicA, { roles: ['practitioner'] });
    expect((await call(svc, 'GET', '/v1/practitioners', practitioner)).status).toBe(200);
    expect((await create(practitioner, { name: 'Me', profession: 'gp' })).status).toBe(403);
  });

  it('pages through the list without duplicates', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    // Same name for all: the id breaks the tie in the keyset.
    for (let i = 0; i < 5; i++) await create(admin, { name: 'Dr. Same', profession: 'gp' });
    const pages = await readAllPages(svc, '/v1/practitioners', admin, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flat()).size).toBe(5);
  });
});
