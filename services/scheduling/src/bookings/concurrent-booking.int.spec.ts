import { EVENTS } from '@carebus/contracts';
import { ManualClock, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient, timestamp } from '../../test/grpc-client';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

const SLOTS = 50;
const ATTEMPTS = 1000;

describe('no double booking under 1,000 concurrent attempts (REST staff + gRPC partner)', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let grpc: SchedulingGrpcClient;
  let tap: AppointmentEventTap;

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    c = await seedBookableClinic(svc);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    tap = new AppointmentEventTap([c.clinicId]);
    await tap.start();
  });

  afterAll(async () => {
    grpc?.close();
    await tap?.stop();
    await svc?.close();
  });

  it('lets exactly 50 win, answers the 950 others 409 / ALREADY_EXISTS (each audited) or 503 / UNAVAILABLE audit.unavailable, stores no overlap and emits 50 booked events', async () => {
    const staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'], clientId: 'portal' });
    const slots = await call<{ start: string }[]>(
      svc,
      'GET',
      `/v1/calendars/${c.calendarId}/slots?from=2027-03-01T00:00:00Z&to=2027-03-15T00:00:00Z&typeId=${c.typeId}`,
      staff,
    );
    expect(slots.status).toBe(200);
    const starts = slots.body.slice(0, SLOTS).map((s) => s.start);
    expect(starts).toHaveLength(SLOTS);

    const attempts = Array.from({ length: ATTEMPTS }, (_, i) => {
      const start = starts[i % SLOTS]!;
      const body = { calendarId: c.calendarId, appointmentTypeId: c.typeId, patientId: c.patientId };
      if (i % 2 === 0) {
        return call(svc, 'POST', '/v1/appointments', staff, { ...body, start }).then((r) => ({
          won: r.status === 201,
          lost: r.status === 409 && r.body.code === 'scheduling.slot_taken',
          unaudited: r.status === 503 && r.body.code === 'audit.unavailable',
        }));
      }
      return grpc.call('BookAppointment', { ...body, startTime: timestamp(start) }, partner).then((r) => ({
        won: r.ok,
        lost: r.code === 6 && r.errorCode === 'scheduling.slot_taken',
        unaudited: r.code === 14 && r.errorCode === 'audit.unavailable',
      }));
    });
    const outcomes = await Promise.all(attempts);

    expect(outcomes.filter((o) => o.won)).toHaveLength(SLOTS);
    // A loser's failed attempt is audited after its transaction, on a connection of its own; under
    // this overload the wait for it may pass the acquire timeout, and then the loser is answered
    // 503 audit.unavailable rather than an unaudited 409. Every 409 has its audit row.
    const lost = outcomes.filter((o) => o.lost).length;
    expect(lost + outcomes.filter((o) => o.unaudited).length).toBe(ATTEMPTS - SLOTS);
    const failedRows = await asOwner(svc, (db) =>
      db.query(
        `SELECT count(*)::int AS n FROM scheduling.audit_log
         WHERE clinic_id = $1 AND action = 'appointment.book' AND outcome = 'failed'`,
        [c.clinicId],
      ),
    );
    expect(failedRows.rows[0].n).toBe(lost);
    const overlaps = await asOwner(svc, (db) =>
      db.query(
        `SELECT count(*)::int AS n FROM scheduling.appointments a JOIN scheduling.appointments b
           ON a.calendar_id = b.calendar_id AND a.id < b.id AND a.during && b.during
         WHERE a.clinic_id = $1 AND a.status IN ('booked', 'arrived') AND b.status IN ('booked', 'arrived')`,
        [c.clinicId],
      ),
    );
    expect(overlaps.rows[0].n).toBe(0);
    await waitFor(() => tap.ofType(EVENTS.appointmentBooked.type).length >= SLOTS, { timeoutMs: 30000 });
    // Give a straggler the chance to show up before counting exactly.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(new Set(tap.ofType(EVENTS.appointmentBooked.type).map((e) => e.key)).size).toBe(SLOTS);
    expect(tap.ofType(EVENTS.appointmentBooked.type)).toHaveLength(SLOTS);
  });
});
