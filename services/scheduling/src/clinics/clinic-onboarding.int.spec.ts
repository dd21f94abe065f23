import { randomUUID } from 'node:crypto';
import { EVENTS, TOPICS, type ClinicCreated, type ClinicUpdated } from '@carebus/contracts';
import { waitFor, type TestService } from '@carebus/testing';
import { EventTap } from '../../test/booking-fixture';
import { call, readAllPages, startSchedulingService, tokenFor } from '../../test/scheduling-test-service';

const DAY_MS = 24 * 3600_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

describe('clinic onboarding by the platform operator', () => {
  let svc: TestService;
  let operator: string;
  const tap = new EventTap(TOPICS.schedulingClinic);

  /** A POST /v1/clinics with the headers the shared JSON helper does not show. */
  const createClinic = async (body: unknown, headers: Record<string, string> = {}, token = operator) => {
    const res = await fetch(`${svc.url}/v1/clinics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      location: res.headers.get('location'),
      replayed: res.headers.get('idempotent-replayed'),
      body: (await res.json()) as Record<string, unknown> & { id: string },
    };
  };
  const clinicBody = (name = `Fjordbyen legesenter ${randomUUID().slice(0, 8)}`) => ({
    name,
    timeZone: 'Europe/Oslo',
    clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
  });
  const clinicEvents = (clinicId: string) =>
    tap.events
      .filter((e) => e.key === clinicId)
      .map((e) => ({ type: e.envelope.type, payload: e.payload as ClinicCreated | ClinicUpdated }));

  beforeAll(async () => {
    svc = await startSchedulingService();
    await tap.start();
    operator = await svc.issuer.mint({ sub: `ops-${randomUUID()}`, roles: ['operator'] });
  });

  afterAll(async () => {
    await tap.stop();
    await svc?.close();
  });

  it('creates a clinic whose admin then sets up a calendar and books through the API only', async () => {
    const created = await createClinic({
      ...clinicBody('Fjordbyen legesenter'),
      locations: [{ name: 'Storgata 1', address: 'Storgata 1, 0155 Oslo' }],
    });
    expect(created.status).toBe(201);
    const clinicId = created.body.id;
    expect(created.location).toBe(`/v1/clinics/${clinicId}`);
    expect(created.body).toMatchObject({
      name: 'Fjordbyen legesenter',
      timeZone: 'Europe/Oslo',
      clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
      version: 1,
      locations: [expect.objectContaining({ name: 'Storgata 1' })],
    });
    const locationId = (created.body.locations as { id: string }[])[0]!.id;

    const admin = await tokenFor(svc, clinicId);
    const post = async (path: string, body: unknown) => {
      const res = await call(svc, 'POST', path, admin, body);
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const practitionerId = await post('/v1/practitioners', { name: 'Dr. Fjord', profession: 'gp' });
    const calendarId = await post('/v1/calendars', {
      name: 'Dr. Fjord',
      ownerPractitionerId: practitionerId,
      locationId,
      onlineBookable: true,
    });
    const typeId = await post('/v1/appointment-types', {
      name: 'Konsultasjon',
      durationMinutes: 30,
      contactSurface: 'in_person',
      patientBookable: true,
    });
    const blocks = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      start: '08:00',
      end: '16:00',
      appointmentTypeId: typeId,
    }));
    const weekTemplateId = await post('/v1/week-templates', { name: 'Every day', blocks });
    const today = new Date();
    await post(`/v1/calendars/${calendarId}/work-plans`, {
      weekTemplateId,
      validFrom: isoDate(today),
      validTo: isoDate(new Date(today.getTime() + 30 * DAY_MS)),
    });
    const patientId = await post('/v1/patients', { name: 'Kari Fjord' });

    const from = new Date(Math.ceil(Date.now() / DAY_MS) * DAY_MS + DAY_MS);
    const to = new Date(from.getTime() + DAY_MS);
    const slots = await call<{ start: string }[]>(
      svc,
      'GET',
      `/v1/calendars/${calendarId}/slots?from=${from.toISOString()}&to=${to.toISOString()}&typeId=${typeId}`,
      admin,
    );
    expect(slots.status).toBe(200);
    const start = slots.body[0]!.start;
    const booked = await call(svc, 'POST', '/v1/appointments', admin, {
      calendarId,
      appointmentTypeId: typeId,
      patientId,
      start,
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ calendarId, patientId, start, status: 'booked' });

    await waitFor(() => clinicEvents(clinicId).length >= 1, { timeoutMs: 15_000, what: 'ClinicCreated' });
    const [event] = clinicEvents(clinicId);
    expect(event!.type).toBe(EVENTS.clinicCreated.type);
    expect(event!.payload).toMatchObject({
      clinicId,
      name: 'Fjordbyen legesenter',
      timeZone: 'Europe/Oslo',
      clinicalAdminEmail: 'klinikkadmin@fjordbyen.example',
      version: 1n,
    });
  });

  it('publishes ClinicUpdated with the next version for the operator and for the clinic admin', async () => {
    const { body } = await createClinic(clinicBody());
    const byOperator = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, operator, {
      timeZone: 'Europe/Stockholm',
      clinicalAdminEmail: 'ny-admin@fjordbyen.example',
    });
    expect(byOperator.status).toBe(200);
    expect(byOperator.body).toMatchObject({
      timeZone: 'Europe/Stockholm',
      clinicalAdminEmail: 'ny-admin@fjordbyen.example',
      version: 2,
    });
    const admin = await tokenFor(svc, body.id);
    const byAdmin = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, admin, { checkInWindowMinutes: 30 });
    expect(byAdmin.body).toMatchObject({ checkInWindowMinutes: 30, version: 3 });
    const unchanged = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, admin, {});
    expect(unchanged.body).toMatchObject({ version: 3 });

    await waitFor(() => clinicEvents(body.id).length >= 3, {
      timeoutMs: 15_000,
      what: 'three clinic events',
    });
    const events = clinicEvents(body.id);
    expect(events.map((e) => [e.type, e.payload.version])).toEqual([
      [EVENTS.clinicCreated.type, 1n],
      [EVENTS.clinicUpdated.type, 2n],
      [EVENTS.clinicUpdated.type, 3n],
    ]);
    expect(events[2]!.payload).toMatchObject({
      timeZone: 'Europe/Stockholm',
      clinicalAdminEmail: 'ny-admin@fjordbyen.example',
    });
  });

  it("refuses a clinic admin's change of the administrator e-mail with 403", async () => {
    const { body } = await createClinic(clinicBody());
    const admin = await tokenFor(svc, body.id);
    const res = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, admin, {
      clinicalAdminEmail: 'me@fjordbyen.example',
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('scheduling.clinic_field_operator_only');
  });

  it('lets the operator read any clinic and page through all of them by name', async () => {
    const ids: string[] = [];
    for (const name of ['C', 'A', 'B']) ids.push((await createClinic(clinicBody(`Paging ${name}`))).body.id);
    const read = await call(svc, 'GET', `/v1/clinics/${ids[0]}`, operator);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: ids[0], name: 'Paging C' });
    const pages = await readAllPages(svc, '/v1/clinics', operator, 2);
    const all = pages.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(ids));
    const paging = all.filter((id) => ids.includes(id));
    expect(paging).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('answers a retry with the same Idempotency-Key with the first clinic, and another body with 422', async () => {
    const key = `onboard-${randomUUID()}`;
    const body = clinicBody();
    const first = await createClinic(body, { 'idempotency-key': key });
    const again = await createClinic(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.location).toBe(`/v1/clinics/${first.body.id}`);
    const other = await createClinic({ ...body, name: 'Another' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('scheduling.idempotency_key_reused');
    const bad = await createClinic(body, { 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a time zone that is not IANA', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
    ['a bad e-mail', { clinicalAdminEmail: 'not-an-email' }, 'clinicalAdminEmail'],
    ['no e-mail', { clinicalAdminEmail: undefined }, 'clinicalAdminEmail'],
    ['an empty name', { name: '' }, 'name'],
    ['a location without a name', { locations: [{ address: 'Somewhere' }] }, 'locations.0.name'],
  ])('refuses %s with 400 validation.failed naming the field', async (_case, change, field) => {
    const res = await createClinic({ ...clinicBody(), ...change });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation.failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
  });

  it('refuses a bad time zone or e-mail in a PATCH with 400', async () => {
    const { body } = await createClinic(clinicBody());
    const tz = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, operator, { timeZone: 'Oslo' });
    const email = await call(svc, 'PATCH', `/v1/clinics/${body.id}`, operator, { clinicalAdminEmail: 'x@' });
    expect([tz.status, email.status]).toEqual([400, 400]);
    expect(tz.body.code).toBe('validation.failed');
  });

  it('answers an unknown clinic id with 404 for the operator', async () => {
    for (const method of ['GET', 'PATCH']) {
      const res = await call(
        svc,
        method,
        `/v1/clinics/${randomUUID()}`,
        operator,
        method === 'PATCH' ? {} : undefined,
      );
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('scheduling.clinic_not_found');
    }
  });

  it('refuses a clinic admin creating or listing clinics with 403', async () => {
    const admin = await tokenFor(svc, randomUUID());
    const create = await createClinic(clinicBody(), {}, admin);
    expect(create.status).toBe(403);
    expect(create.body.code).toBe('auth.forbidden');
    expect((await call(svc, 'GET', '/v1/clinics', admin)).status).toBe(403);
  });

  it('answers a clinic admin patching another clinic with 404 and leaves it unchanged', async () => {
    const [a, b] = [(await createClinic(clinicBody())).body, (await createClinic(clinicBody())).body];
    const adminA = await tokenFor(svc, a.id);
    const res = await call(svc, 'PATCH', `/v1/clinics/${b.id}`, adminA, { name: 'Hijacked' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('scheduling.clinic_not_found');
    expect((await call(svc, 'GET', `/v1/clinics/${b.id}`, operator)).body).toMatchObject({
      name: b.name,
      version: 1,
    });
  });
});
