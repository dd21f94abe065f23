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

describe('/v1/calendars', () => {
  let svc: TestService;
  let clinicA: string;
  let adminA: string;
  let adminB: string;
  let gpA: string;
  let gpB: string;

  const create = (token: string, body: unknown) => call(svc, 'POST', '/v1/calendars', token, body);
  const practitioner = async (token: string) =>
    (await call(svc, 'POST', '/v1/practitioners', token, { name: 'Dr. GP', profession: 'gp' })).body
      .id as string;

  beforeAll(async () => {
    svc = await startSchedulingService();
    clinicA = await seedClinic(svc, 'Clinic A');
    const clinicB = await seedClinic(svc, 'Clinic B');
    [adminA, adminB] = await Promise.all([tokenFor(svc, clinicA), tokenFor(svc, clinicB)]);
    [gpA, gpB] = await Promise.all([practitioner(adminA), practitioner(adminB)]);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it("creates a practitioner's calendar with the default booking rules", async () => {
    const res = await create(adminA, { name: 'Dr. GP', ownerPractitionerId: gpA });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ownerPractitionerId: gpA,
      resourceName: null,
      onlineBookable: false,
      minNoticeMinutes: 120,
      maxDaysAhead: 90,
      listedPatientsOnly: false,
    });
  });

  it('creates a resource calendar at a location', async () => {
    const location = await call(svc, 'POST', '/v1/locations', adminA, { name: 'Main' });
    const res = await create(adminA, {
      name: 'Room 2',
      resourceName: 'Treatment room 2',
      locationId: location.body.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      ownerPractitionerId: null,
      resourceName: 'Treatment room 2',
      locationId: location.body.id,
    });
  });

  it.each<[string, () => Record<string, unknown>]>([
    ['neither owner', () => ({})],
    ['both owners', () => ({ resourceName: 'Room', ownerPractitionerId: gpA })],
  ])('refuses %s with 400 scheduling.invalid_calendar_owner', async (_case, owner) => {
    const res = await create(adminA, { name: 'Bad', ...owner() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('scheduling.invalid_calendar_owner');
  });

  it("refuses another clinic's practitioner as owner with 422, like an unknown one", async () => {
    const res = await create(adminA, { name: 'Theirs', ownerPractitionerId: gpB });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.practitioner_not_found');
  });

  it("refuses another clinic's location with 422 scheduling.location_not_found", async () => {
    const theirs = await call(svc, 'POST', '/v1/locations', adminB, { name: 'B site' });
    const res = await create(adminA, { name: 'X', resourceName: 'X', locationId: theirs.body.id });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.location_not_found');
  });

  it('refuses a deactivated practitioner as owner with 422', async () => {
    const gp = await practitioner(adminA);
    await call(svc, 'POST', `/v1/practitioners/${gp}/deactivate`, adminA);
    const res = await create(adminA, { name: 'Gone', ownerPractitionerId: gp });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.practitioner_inactive');
  });

  it('refuses out-of-range booking rules with 400', async () => {
    const res = await create(adminA, {
      name: 'X',
      resourceName: 'X',
      maxDaysAhead: 731,
      minNoticeMinutes: -1,
    });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['maxDaysAhead', 'minNoticeMinutes']);
  });

  it('switches a calendar from a practitioner to a resource in one PATCH', async () => {
    const { body } = await create(adminA, { name: 'Switch', ownerPractitionerId: gpA });
    const res = await call(svc, 'PATCH', `/v1/calendars/${body.id}`, adminA, {
      ownerPractitionerId: null,
      resourceName: 'Lab',
      onlineBookable: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerPractitionerId: null, resourceName: 'Lab', onlineBookable: true });
  });

  describe('patient-facing readers', () => {
    let clinic: string;
    let bookable: string;
    let internal: string;

    beforeAll(async () => {
      clinic = await seedClinic(svc);
      const admin = await tokenFor(svc, clinic);
      bookable = (await create(admin, { name: 'Online', resourceName: 'R', onlineBookable: true })).body
        .id as string;
      internal = (await create(admin, { name: 'Internal', resourceName: 'R' })).body.id as string;
    });

    it.each(['patient', 'guardian', 'partner'] as const)(
      'list only online-bookable calendars (%s)',
      async (role) => {
        const token = await tokenFor(svc, clinic, { roles: [role], patientId: randomUUID() });
        const res = await call<{ items: { id: string }[] }>(
          svc,
          'GET',
          '/v1/calendars?onlineBookable=false',
          token,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.map((c) => c.id)).toEqual([bookable]);
      },
    );

    it('get 404 for a calendar not bookable online', async () => {
      const token = await tokenFor(svc, clinic, { roles: ['partner'], clientId: 'portal' });
      expect((await call(svc, 'GET', `/v1/calendars/${bookable}`, token)).status).toBe(200);
      const res = await call(svc, 'GET', `/v1/calendars/${internal}`, token);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.calendar_not_found');
    });

    it('may not create calendars (403)', async () => {
      const token = await tokenFor(svc, clinic, { roles: ['patient'], patientId: randomUUID() });
      expect((await create(token, { name: 'Mine', resourceName: 'R' })).status).toBe(403);
    });
  });

  it("answers another clinic's calendar with 404 on every verb", async () => {
    const { body } = await create(adminA, { name: 'A only', resourceName: 'R' });
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await call(
        svc,
        method,
        `/v1/calendars/${body.id}`,
        adminB,
        method === 'PATCH' ? { name: 'x' } : undefined,
      );
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.calendar_not_found');
    }
  });

  it('deletes an unused calendar', async () => {
    const { body } = await create(adminA, { name: 'Temp', resourceName: 'R' });
    expect((await call(svc, 'DELETE', `/v1/calendars/${body.id}`, adminA)).status).toBe(204);
    expect((await call(svc, 'GET', `/v1/calendars/${body.id}`, adminA)).status).toBe(404);
  });

  it('refuses to delete a calendar that unavailable time, a work plan or an appointment uses (409)', async () => {
    const used = async () => (await create(adminA, { name: 'Used', resourceName: 'R' })).body.id as string;
    const [byUnavailable, byPlan, byAppointment] = [await used(), await used(), await used()];
    const unavailable = await call(svc, 'POST', `/v1/calendars/${byUnavailable}/unavailable-times`, adminA, {
      start: '2027-03-01T08:00:00Z',
      end: '2027-03-01T09:00:00Z',
      kind: 'break',
    });
    expect(unavailable.status).toBe(201);
    await asOwner(svc, async (db) => {
      const [template, type, patient] = [randomUUID(), randomUUID(), randomUUID()];
      await db.query(`INSERT INTO scheduling.week_templates (id, clinic_id, name) VALUES ($1, $2, 'W')`, [
        template,
        clinicA,
      ]);
      await db.query(
        `INSERT INTO scheduling.work_plans (id, clinic_id, calendar_id, week_template_id, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, '2027-01-01', '2027-12-31')`,
        [randomUUID(), clinicA, byPlan, template],
      );
      await db.query(
        `INSERT INTO scheduling.appointment_types (id, clinic_id, name, duration_minutes, contact_surface)
         VALUES ($1, $2, 'T', 30, 'in_person')`,
        [type, clinicA],
      );
      await db.query(`INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, 'P')`, [
        patient,
        clinicA,
      ]);
      await db.query(
        `INSERT INTO scheduling.appointments (id, clinic_id, calendar_id, appointment_type_id, patient_id, during,
           status, contact_surface, hidden, source_channel, booked_by)
         VALUES ($1, $2, $3, $4, $5, '[2027-03-01 08:00Z,2027-03-01 08:30Z)', 'booked', 'in_person', false, 'staff', 's')`,
        [randomUUID(), clinicA, byAppointment, type, patient],
      );
    });
    for (const id of [byUnavailable, byPlan, byAppointment]) {
      const res = await call(svc, 'DELETE', `/v1/calendars/${id}`, adminA);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('scheduling.calendar_in_use');
    }
  });

  it('filters by owner and pages without duplicates', async () => {
    const clinic = await seedClinic(svc);
    const admin = await tokenFor(svc, clinic);
    const gp = await practitioner(admin);
    for (let i = 0; i < 3; i++) await create(admin, { name: `GP ${i}`, ownerPractitionerId: gp });
    await create(admin, { name: 'Room', resourceName: 'Room' });
    const pages = await readAllPages(svc, `/v1/calendars?practitionerId=${gp}`, admin, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(new Set(pages.flat()).size).toBe(3);
  });
});
