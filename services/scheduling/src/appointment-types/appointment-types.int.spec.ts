import { randomUUID } from 'node:crypto';
import type { Role } from '@carebus/auth';
import type { TestService } from '@carebus/testing';
import {
  call,
  readAllPages,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';

const CONSULTATION = { name: 'Consultation', durationMinutes: 20, contactSurface: 'in_person' };

describe('/v1/appointment-types', () => {
  let svc: TestService;
  let adminA: string;
  let adminB: string;

  const create = (token: string, body: unknown) => call(svc, 'POST', '/v1/appointment-types', token, body);
  const names = async (token: string, query = '') =>
    (await call<{ items: { name: string }[] }>(svc, 'GET', `/v1/appointment-types${query}`, token)).body.items
      .map((t) => t.name)
      .sort();

  beforeAll(async () => {
    svc = await startSchedulingService();
    const [clinicA, clinicB] = await Promise.all([seedClinic(svc), seedClinic(svc)]);
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('creates a type with every column and the defaults for the rest', async () => {
    const res = await create(adminA, {
      ...CONSULTATION,
      colour: '#FF8800',
      priceMinor: 16000,
      patientBookable: true,
      patientInformation: 'Bring your medication list.',
      dailyOnlineLimit: 4,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ...CONSULTATION,
      colour: '#FF8800',
      priceMinor: 16000,
      currency: 'NOK',
      patientBookable: true,
      patientInformation: 'Bring your medication list.',
      notificationsEnabled: true,
      hidden: false,
      dailyOnlineLimit: 4,
      archived: false,
    });
  });

  it.each([
    ['a too short duration', { durationMinutes: 4 }, 'durationMinutes'],
    ['a too long duration', { durationMinutes: 481 }, 'durationMinutes'],
    ['a colour that is not #RRGGBB', { colour: 'red' }, 'colour'],
    ['a lower-case currency', { currency: 'nok' }, 'currency'],
    ['an unknown contact surface', { contactSurface: 'carrier_pigeon' }, 'contactSurface'],
    ['a negative price', { priceMinor: -1 }, 'priceMinor'],
    ['a zero daily limit', { dailyOnlineLimit: 0 }, 'dailyOnlineLimit'],
  ])('refuses %s with 400 naming the field', async (_case, change, field) => {
    const res = await create(adminA, { ...CONSULTATION, ...change });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation.failed',
      errors: [expect.objectContaining({ field })],
    });
  });

  it('archives instead of deleting; PATCH archived=false restores', async () => {
    const { body } = await create(adminA, { ...CONSULTATION, name: 'Old type' });
    const archived = await call(svc, 'POST', `/v1/appointment-types/${body.id}/archive`, adminA);
    expect(archived.body.archived).toBe(true);
    expect(await names(adminA)).not.toContain('Old type');
    expect(await names(adminA, '?includeArchived=true')).toContain('Old type');
    const restored = await call(svc, 'PATCH', `/v1/appointment-types/${body.id}`, adminA, {
      archived: false,
    });
    expect(restored.body.archived).toBe(false);
  });

  it('clears the daily online limit with null', async () => {
    const { body } = await create(adminA, { ...CONSULTATION, dailyOnlineLimit: 3 });
    const res = await call(svc, 'PATCH', `/v1/appointment-types/${body.id}`, adminA, {
      dailyOnlineLimit: null,
    });
    expect(res.body.dailyOnlineLimit).toBeNull();
  });

  describe('visibility', () => {
    let clinic: string;
    const ids: Record<string, string> = {};
    const reader = (role: Role) =>
      tokenFor(svc, clinic, { roles: [role], patientId: randomUUID(), clientId: 'portal' });

    beforeAll(async () => {
      clinic = await seedClinic(svc);
      const admin = await tokenFor(svc, clinic);
      const types = {
        Open: { patientBookable: true },
        Hidden: { patientBookable: true, hidden: true },
        Internal: { patientBookable: false },
        Archived: { patientBookable: true },
      };
      for (const [name, flags] of Object.entries(types)) {
        ids[name] = (await create(admin, { ...CONSULTATION, name, ...flags })).body.id as string;
      }
      await call(svc, 'POST', `/v1/appointment-types/${ids.Archived}/archive`, admin);
    });

    it('clinic staff see every current type, hidden included', async () => {
      expect(await names(await tokenFor(svc, clinic, { roles: ['staff'] }))).toEqual([
        'Hidden',
        'Internal',
        'Open',
      ]);
    });

    it('a patient sees patient-bookable, current types, hidden included', async () => {
      expect(await names(await reader('patient'), '?includeArchived=true')).toEqual(['Hidden', 'Open']);
    });

    it.each(['guardian', 'partner'] as const)(
      'a %s never sees hidden types, in the list or by id',
      async (role) => {
        const token = await reader(role);
        expect(await names(token)).toEqual(['Open']);
        const hidden = await call(svc, 'GET', `/v1/appointment-types/${ids.Hidden}`, token);
        expect(hidden.status).toBe(404);
        expect(hidden.body.code).toBe('scheduling.appointment_type_not_found');
        expect(JSON.stringify(hidden.body)).not.toContain('Hidden');
      },
    );

    it('patient-facing readers get 404 for internal and archived types by id', async () => {
      const token = await reader('patient');
      for (const name of ['Internal', 'Archived']) {
        expect((await call(svc, 'GET', `/v1/appointment-types/${ids[name]}`, token)).status).toBe(404);
      }
    });
  });

  it("answers another clinic's type with 404 and never lists it", async () => {
    const { body } = await create(adminA, { ...CONSULTATION, name: 'Clinic A special' });
    const res = await call(svc, 'GET', `/v1/appointment-types/${body.id}`, adminB);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('scheduling.appointment_type_not_found');
    expect((await call(svc, 'PATCH', `/v1/appointment-types/${body.id}`, adminB, { name: 'x' })).status).toBe(
      404,
    );
    expect(await names(adminB)).not.toContain('Clinic A special');
  });

  it('refuses writes by practitioners with 403', async () => {
    const clinic = await seedClinic(svc);
    const res = await create(await tokenFor(svc, clinic, { roles: ['practitioner'] }), CONSULTATION);
    expect(res.status).toBe(403);
  });

  it('pages without duplicates', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    for (const name of ['a', 'b', 'c', 'd']) await create(admin, { ...CONSULTATION, name });
    const pages = await readAllPages(svc, '/v1/appointment-types', admin, 3);
    expect(pages.map((p) => p.length)).toEqual([3, 1]);
    expect(new Set(pages.flat()).size).toBe(4);
  });
});
