import { ManualClock } from '@carebus/testing';
import { randomUUID } from 'node:crypto';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient, timestamp } from '../../test/grpc-client';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

describe('partner portals book only in a GP’s own, only calendar', () => {
  let svc: SchedulingUnderTest;
  let grpc: SchedulingGrpcClient;

  const partnerBooks = async (c: BookableClinic, start: string) => {
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'], clientId: 'portal' });
    return call(svc, 'POST', '/v1/appointments', partner, {
      calendarId: c.calendarId,
      appointmentTypeId: c.typeId,
      patientId: c.patientId,
      start,
    });
  };

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
  });

  afterAll(async () => {
    grpc?.close();
    await svc?.close();
  });

  it('allows a GP who owns one calendar, over REST and gRPC', async () => {
    const c = await seedBookableClinic(svc, { profession: 'gp' });
    const rest = await partnerBooks(c, '2027-03-01T08:00:00+01:00');
    expect(rest.status).toBe(201);
    expect(rest.body.sourceChannel).toBe('partner');
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'] });
    const viaGrpc = await grpc.call(
      'BookAppointment',
      {
        calendarId: c.calendarId,
        appointmentTypeId: c.typeId,
        patientId: c.patientId,
        startTime: timestamp('2027-03-01T08:30:00+01:00'),
      },
      partner,
    );
    expect(viaGrpc).toMatchObject({
      ok: true,
      body: { appointment: { sourceChannel: 'SOURCE_CHANNEL_PARTNER' } },
    });
  });

  it('refuses with 422 when the GP owns two calendars (FAILED_PRECONDITION over gRPC)', async () => {
    const c = await seedBookableClinic(svc, { profession: 'gp' });
    await asOwner(svc, (db) =>
      db.query(
        `INSERT INTO scheduling.calendars (id, clinic_id, owner_practitioner_id, name, online_bookable)
         VALUES ($1, $2, $3, 'Second book', true)`,
        [randomUUID(), c.clinicId, c.practitionerId],
      ),
    );
    const res = await partnerBooks(c, '2027-03-01T08:00:00+01:00');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'scheduling.partner_gp_has_several_calendars', calendarCount: 2 });
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'] });
    const viaGrpc = await grpc.call(
      'BookAppointment',
      {
        calendarId: c.calendarId,
        appointmentTypeId: c.typeId,
        patientId: c.patientId,
        startTime: timestamp('2027-03-01T08:00:00+01:00'),
      },
      partner,
    );
    expect(viaGrpc).toMatchObject({
      ok: false,
      code: 9,
      errorCode: 'scheduling.partner_gp_has_several_calendars',
    });
  });

  it('refuses with 403 a calendar whose owner is not a GP', async () => {
    const c = await seedBookableClinic(svc, { profession: 'nurse' });
    const res = await partnerBooks(c, '2027-03-01T08:00:00+01:00');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('scheduling.partner_calendar_not_gp');
  });

  it('lets staff book in those calendars all the same', async () => {
    const c = await seedBookableClinic(svc, { profession: 'nurse' });
    const staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    const res = await call(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: c.typeId,
      patientId: c.patientId,
      start: '2027-03-01T08:00:00+01:00',
    });
    expect(res.status).toBe(201);
  });
});
