import { ManualClock } from '@carebus/testing';
import { randomUUID } from 'node:crypto';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

interface SlotBody {
  start: string;
  end: string;
  appointmentTypeId: string;
}

describe('GET /v1/calendars/:id/slots — work plan minus bookings minus unavailable time, in Oslo time', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let staff: string;

  const slots = async (from: string, to: string, typeId?: string) => {
    const type = typeId ? `&typeId=${typeId}` : '';
    const res = await call<SlotBody[]>(
      svc,
      'GET',
      `/v1/calendars/${c.calendarId}/slots?from=${from}&to=${to}${type}`,
      staff,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    c = await seedBookableClinic(svc);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('places 08:00 Oslo at 07:00Z before the spring change and at 06:00Z after it (last Sunday of March)', async () => {
    const before = await slots('2027-03-26T00:00:00Z', '2027-03-27T00:00:00Z', c.typeId);
    const after = await slots('2027-03-29T00:00:00Z', '2027-03-30T00:00:00Z', c.typeId);
    expect(before[0]!.start).toBe('2027-03-26T07:00:00.000Z');
    expect(after[0]!.start).toBe('2027-03-29T06:00:00.000Z');
    expect(before).toHaveLength(8);
    expect(after).toHaveLength(8);
    const weekend = await slots('2027-03-27T00:00:00Z', '2027-03-29T00:00:00Z');
    expect(weekend).toEqual([]);
  });

  it('moves back to 07:00Z after the autumn change (last Sunday of October)', async () => {
    const friday = await slots('2027-10-29T00:00:00Z', '2027-10-30T00:00:00Z', c.typeId);
    const monday = await slots('2027-11-01T00:00:00Z', '2027-11-02T00:00:00Z', c.typeId);
    expect(friday[0]!.start).toBe('2027-10-29T06:00:00.000Z');
    expect(monday[0]!.start).toBe('2027-11-01T07:00:00.000Z');
  });

  it('leaves out booked and unavailable time, and offers a cancelled booking again', async () => {
    const day = ['2027-04-05T00:00:00Z', '2027-04-06T00:00:00Z'] as const;
    const all = await slots(...day, c.typeId);
    const booked = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: c.typeId,
      patientId: c.patientId,
      start: all[0]!.start,
    });
    await asOwner(svc, (db) =>
      db.query(
        `INSERT INTO scheduling.unavailable_times (id, clinic_id, calendar_id, during, kind)
         VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), 'break')`,
        [randomUUID(), c.clinicId, c.calendarId, all[2]!.start, all[3]!.end],
      ),
    );
    const left = (await slots(...day, c.typeId)).map((s) => s.start);
    expect(left).toEqual(all.filter((_, i) => i !== 0 && i !== 2 && i !== 3).map((s) => s.start));
    await call(svc, 'POST', `/v1/appointments/${booked.body.id}/cancel`, staff, {});
    expect((await slots(...day, c.typeId)).map((s) => s.start)).toContain(all[0]!.start);
  });
});
