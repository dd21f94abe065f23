import type { TestService } from '@carebus/testing';
import { call, seedClinic, startSchedulingService, tokenFor } from '../../test/scheduling-test-service';

describe('PATCH /v1/clinics/:id', () => {
  let svc: TestService;
  let clinicA: string;
  let clinicB: string;
  let adminA: string;

  beforeAll(async () => {
    svc = await startSchedulingService();
    [clinicA, clinicB] = await Promise.all([seedClinic(svc, 'Clinic A'), seedClinic(svc, 'Clinic B')]);
    adminA = await tokenFor(svc, clinicA);
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('changes name, time zone and check-in window for the clinic admin', async () => {
    const res = await call(svc, 'PATCH', `/v1/clinics/${clinicA}`, adminA, {
      name: 'Renamed',
      timeZone: 'Europe/Stockholm',
      checkInWindowMinutes: 60,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: clinicA,
      name: 'Renamed',
      timeZone: 'Europe/Stockholm',
      checkInWindowMinutes: 60,
    });
    expect((await call(svc, 'GET', `/v1/clinics/${clinicA}`, adminA)).body).toEqual(res.body);
  });

  it('refuses a time zone that is not IANA with 400 naming the field', async () => {
    const res = await call(svc, 'PATCH', `/v1/clinics/${clinicA}`, adminA, { timeZone: 'Mars/Olympus_Mons' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'validation.failed',
      errors: [expect.objectContaining({ field: 'timeZone' })],
    });
  });

  it('refuses a check-in window beyond a day with 400', async () => {
    const res = await call(svc, 'PATCH', `/v1/clinics/${clinicA}`, adminA, { checkInWindowMinutes: 1441 });
    expect(res.status).toBe(400);
  });

  it("answers another clinic's id with 404 and leaves it unchanged", async () => {
    const res = await call(svc, 'PATCH', `/v1/clinics/${clinicB}`, adminA, { name: 'Hijacked' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('scheduling.clinic_not_found');
    const b = await call(svc, 'GET', `/v1/clinics/${clinicB}`, await tokenFor(svc, clinicB));
    expect(b.body.name).toBe('Clinic B');
  });

  it('refuses staff with 403', async () => {
    const staff = await tokenFor(svc, clinicA, { roles: ['staff'] });
    expect((await call(svc, 'PATCH', `/v1/clinics/${clinicA}`, staff, { name: 'x' })).status).toBe(403);
  });
});
