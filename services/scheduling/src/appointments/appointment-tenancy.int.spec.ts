import { ManualClock } from '@carebus/testing';
import { z } from 'zod';
import { sql, type Transaction } from '@carebus/persistence';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient, timestamp } from '../../test/grpc-client';
import { asAppRole, call, tokenFor } from '../../test/scheduling-test-service';

const IdRow = z.object({ id: z.string() });

describe("appointments: one clinic never reaches another's, and bad input is a 4xx", () => {
  let svc: SchedulingUnderTest;
  let a: BookableClinic;
  let b: BookableClinic;
  let grpc: SchedulingGrpcClient;
  let appointmentOfA: string;
  let staffA: string;
  let staffB: string;

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    a = await seedBookableClinic(svc);
    b = await seedBookableClinic(svc);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    staffA = await tokenFor(svc, a.clinicId, { roles: ['staff'] });
    staffB = await tokenFor(svc, b.clinicId, { roles: ['clinic_admin'] });
    const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staffA, {
      calendarId: a.calendarId,
      appointmentTypeId: a.typeId,
      patientId: a.patientId,
      start: '2027-03-01T08:00:00+01:00',
    });
    appointmentOfA = res.body.id;
  });

  afterAll(async () => {
    grpc?.close();
    await svc?.close();
  });

  it.each([
    ['GET', () => `/v1/appointments/${appointmentOfA}`, undefined],
    ['POST', () => `/v1/appointments/${appointmentOfA}/cancel`, {}],
    ['POST', () => `/v1/appointments/${appointmentOfA}/reschedule`, { start: '2027-03-01T09:00:00+01:00' }],
    ['POST', () => `/v1/appointments/${appointmentOfA}/change-type`, { contactSurface: 'phone' }],
    ['POST', () => `/v1/appointments/${appointmentOfA}/no-show`, undefined],
    [
      'GET',
      () => `/v1/calendars/${a.calendarId}/slots?from=2027-03-01T00:00:00Z&to=2027-03-02T00:00:00Z`,
      undefined,
    ],
    [
      'POST',
      () => `/v1/calendars/${a.calendarId}/days/2027-03-01/change-type`,
      { toAppointmentTypeId: '00000000-0000-4000-8000-000000000001' },
    ],
    ['POST', () => `/v1/patients/${a.patientId}/check-in`, undefined],
  ])("%s %p with clinic B's token → 404, never data", async (method, path, body) => {
    const res = await call(svc, method, path(), staffB, body);
    expect(res.status).toBe(404);
    expect(res.body.code).toMatch(/^scheduling\.[a-z_]+_not_found$/);
    expect(res.body).not.toHaveProperty('patientId');
    expect(res.body).not.toHaveProperty('start');
  });

  it("lists none of clinic A's appointments for clinic B, and cannot book into A's calendar", async () => {
    const list = await call<{ items: unknown[] }>(
      svc,
      'GET',
      `/v1/appointments?calendarId=${a.calendarId}`,
      staffB,
    );
    expect(list.body.items).toEqual([]);
    const book = await call(svc, 'POST', '/v1/appointments', staffB, {
      calendarId: a.calendarId,
      appointmentTypeId: b.typeId,
      patientId: b.patientId,
      start: '2027-03-01T10:00:00+01:00',
    });
    expect(book.status).toBe(404);
  });

  it("answers clinic B's gRPC read of A's appointment with NOT_FOUND", async () => {
    const partnerB = await tokenFor(svc, b.clinicId, { roles: ['partner'] });
    expect(await grpc.call('GetAppointment', { appointmentId: appointmentOfA }, partnerB)).toMatchObject({
      code: 5,
    });
    const unauthenticated = await grpc.call('GetAppointment', { appointmentId: appointmentOfA });
    expect(unauthenticated).toMatchObject({ code: 16, errorCode: 'auth.token_missing' });
    const badId = await grpc.call('GetAppointment', { appointmentId: 'x' }, partnerB);
    expect(badId).toMatchObject({ code: 3, errorCode: 'validation.failed' });
    const noStart = await grpc.call(
      'ListSlots',
      { calendarId: b.calendarId, to: timestamp('2027-03-02T00:00:00Z') },
      partnerB,
    );
    expect(noStart).toMatchObject({ code: 3 });
  });

  it('hides the rows from the app role by row-level security, even without a WHERE clause', async () => {
    const ids = async (tx: Transaction) =>
      (await tx.rows(sql`SELECT id FROM scheduling.appointments`, IdRow)).map((r) => r.id);
    await asAppRole(svc, async (tx) => {
      expect(await ids(await tx.forTenant(b.clinicId))).not.toContain(appointmentOfA);
      expect(await ids(await tx.forTenant(a.clinicId))).toContain(appointmentOfA);
    });
  });

  it.each([
    ['a huge page size', '/v1/appointments?limit=100000'],
    ['a bad status', '/v1/appointments?status=deleted'],
    ['a from without offset', '/v1/appointments?from=2027-03-01T00:00:00'],
    ['a forged cursor', '/v1/appointments?cursor=not-a-cursor'],
    [
      'a slot window end before start',
      `/v1/calendars/${'00000000-0000-4000-8000-000000000000'}/slots?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z`,
    ],
    [
      'a slot window of 100 days',
      `/v1/calendars/${'00000000-0000-4000-8000-000000000000'}/slots?from=2027-03-01T00:00:00Z&to=2027-06-09T00:00:00Z`,
    ],
    ['an appointment id that is not a uuid', '/v1/appointments/123'],
  ])('refuses %s with 400 problem+json', async (_name, path) => {
    const res = await call(svc, 'GET', path, staffA);
    expect(res.status).toBe(400);
    expect(res.contentType).toContain('application/problem+json');
    expect(typeof res.body.code).toBe('string');
  });

  it('pages through appointments with a cursor, without duplicates', async () => {
    for (const start of ['09:00', '09:30', '10:00', '10:30']) {
      await call(svc, 'POST', '/v1/appointments', staffA, {
        calendarId: a.calendarId,
        appointmentTypeId: a.typeId,
        patientId: a.patientId,
        start: `2027-03-02T${start}:00+01:00`,
      });
    }
    const first = await call<{ items: { id: string }[]; nextCursor: string }>(
      svc,
      'GET',
      '/v1/appointments?limit=2',
      staffA,
    );
    const second = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      svc,
      'GET',
      `/v1/appointments?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
      staffA,
    );
    const third = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      svc,
      'GET',
      `/v1/appointments?limit=2&cursor=${encodeURIComponent(second.body.nextCursor!)}`,
      staffA,
    );
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((x) => x.id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(third.body.nextCursor).toBeNull();
  });

  it('refuses a NUL in a stored string as validation.failed over REST and gRPC, never a 500 from PostgreSQL', async () => {
    const rest = await call(svc, 'POST', `/v1/appointments/${appointmentOfA}/cancel`, staffA, {
      reason: 'ill\u0000',
    });
    expect(rest.status).toBe(400);
    expect(rest.body).toMatchObject({ code: 'validation.failed', errors: [{ field: 'reason' }] });
    const grpcCancel = await grpc.call(
      'CancelAppointment',
      { appointmentId: appointmentOfA, reason: 'ill\u0000' },
      staffA,
    );
    expect(grpcCancel).toMatchObject({ code: 3, errorCode: 'validation.failed' });
  });
});
