import { EVENTS } from '@carebus/contracts';
import { ManualClock, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

interface Appt {
  id: string;
  start: string;
  status: string;
  appointmentTypeId: string;
  contactSurface: string;
}

describe('changing appointments: reschedule, cancel, type, whole day, check-in, no-show', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let staff: string;
  let tap: AppointmentEventTap;
  const clock = new ManualClock(new Date('2027-02-01T12:00:00Z'));

  const book = async (start: string, typeId = c.typeId): Promise<Appt> => {
    const res = await call<Appt>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: typeId,
      patientId: c.patientId,
      start,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const eventsFor = (type: string, id: string) => tap.ofType(type).filter((e) => e.key === id);

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock });
    c = await seedBookableClinic(svc);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    tap = new AppointmentEventTap([c.clinicId]);
    await tap.start();
  });

  afterAll(async () => {
    await tap?.stop();
    await svc?.close();
  });

  it('reschedules keeping the length, emits rescheduled with the previous time, and refuses a taken time', async () => {
    const a = await book('2027-03-08T08:00:00+01:00');
    const b = await book('2027-03-08T09:00:00+01:00');
    const moved = await call<Appt>(svc, 'POST', `/v1/appointments/${a.id}/reschedule`, staff, {
      start: '2027-03-08T10:00:00+01:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.start).toBe('2027-03-08T09:00:00.000Z');
    const clash = await call(svc, 'POST', `/v1/appointments/${a.id}/reschedule`, staff, { start: b.start });
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('scheduling.slot_taken');
    await waitFor(() => eventsFor(EVENTS.appointmentRescheduled.type, a.id).length === 1, {
      timeoutMs: 15000,
    });
    expect(eventsFor(EVENTS.appointmentRescheduled.type, a.id)[0]!.payload).toMatchObject({
      previousCalendarId: c.calendarId,
    });
  });

  it('cancels by the clinic with a reason, frees the time, and refuses a second cancel', async () => {
    const a = await book('2027-03-09T08:00:00+01:00');
    const res = await call<Appt & { cancelledBy: string }>(
      svc,
      'POST',
      `/v1/appointments/${a.id}/cancel`,
      staff,
      {
        reason: 'Practitioner ill',
      },
    );
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'clinic' });
    const again = await call(svc, 'POST', `/v1/appointments/${a.id}/cancel`, staff, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('scheduling.appointment_not_active');
    await book('2027-03-09T08:00:00+01:00');
    await waitFor(() => eventsFor(EVENTS.appointmentCancelled.type, a.id).length === 1, { timeoutMs: 15000 });
  });

  it('lets the patient cancel their own appointment (cancelled by patient), never another patient’s', async () => {
    const a = await book('2027-03-09T09:00:00+01:00');
    const patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    const stranger = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: crypto.randomUUID() });
    expect((await call(svc, 'POST', `/v1/appointments/${a.id}/cancel`, stranger, {})).status).toBe(404);
    const res = await call(svc, 'POST', `/v1/appointments/${a.id}/cancel`, patient, { reason: '' });
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'patient' });
  });

  it('changes type and contact surface', async () => {
    const a = await book('2027-03-10T08:00:00+01:00');
    const res = await call<Appt>(svc, 'POST', `/v1/appointments/${a.id}/change-type`, staff, {
      contactSurface: 'phone',
    });
    expect(res.body).toMatchObject({ appointmentTypeId: c.typeId, contactSurface: 'phone' });
    const empty = await call(svc, 'POST', `/v1/appointments/${a.id}/change-type`, staff, {});
    expect(empty.status).toBe(422);
    await waitFor(() => eventsFor(EVENTS.appointmentTypeChanged.type, a.id).length === 1, {
      timeoutMs: 15000,
    });
  });

  it("changes all of a day's appointments to another type in one call, one event each", async () => {
    const day = [await book('2027-03-11T08:00:00+01:00'), await book('2027-03-11T09:00:00+01:00')];
    const other = await book('2027-03-12T08:00:00+01:00');
    const res = await call<Appt[]>(
      svc,
      'POST',
      `/v1/calendars/${c.calendarId}/days/2027-03-11/change-type`,
      staff,
      {
        toAppointmentTypeId: c.videoTypeId,
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.map((a) => a.id).sort()).toEqual(day.map((a) => a.id).sort());
    expect(res.body.every((a) => a.contactSurface === 'video')).toBe(true);
    for (const a of day) {
      await waitFor(() => eventsFor(EVENTS.appointmentTypeChanged.type, a.id).length === 1, {
        timeoutMs: 15000,
      });
    }
    expect(eventsFor(EVENTS.appointmentTypeChanged.type, other.id)).toHaveLength(0);
    const badDate = await call(
      svc,
      'POST',
      `/v1/calendars/${c.calendarId}/days/2027-02-30/change-type`,
      staff,
      {
        toAppointmentTypeId: c.videoTypeId,
      },
    );
    expect(badDate.status).toBe(400);
  });

  it("checks a patient in: appointments within the clinic's window become arrived, later ones stay booked", async () => {
    const soon = await book('2027-03-15T08:00:00+01:00');
    const later = await book('2027-03-15T11:30:00+01:00');
    await asOwner(svc, (db) =>
      db.query(`UPDATE scheduling.clinics SET check_in_window_minutes = 120 WHERE id = $1`, [c.clinicId]),
    );
    clock.set('2027-03-15T06:45:00Z');
    const res = await call<Appt[]>(svc, 'POST', `/v1/patients/${c.patientId}/check-in`, staff);
    expect(res.body.map((a) => a.id)).toEqual([soon.id]);
    const stillBooked = await call<Appt>(svc, 'GET', `/v1/appointments/${later.id}`, staff);
    expect(stillBooked.body.status).toBe('booked');
    await waitFor(() => eventsFor(EVENTS.appointmentArrived.type, soon.id).length === 1, {
      timeoutMs: 15000,
    });
  });

  it("carries the appointment's version in every event: 1 when booked, one more with each change", async () => {
    const a = await book('2027-03-17T08:00:00+01:00');
    const path = (verb: string) => `/v1/appointments/${a.id}/${verb}`;
    const moved = await call(svc, 'POST', path('reschedule'), staff, { start: '2027-03-17T10:00:00+01:00' });
    expect(moved.status).toBe(200);
    expect((await call(svc, 'POST', path('change-type'), staff, { contactSurface: 'phone' })).status).toBe(
      200,
    );
    expect((await call(svc, 'POST', path('cancel'), staff, { reason: '' })).status).toBe(200);
    const types = [
      EVENTS.appointmentBooked.type,
      EVENTS.appointmentRescheduled.type,
      EVENTS.appointmentTypeChanged.type,
      EVENTS.appointmentCancelled.type,
    ];
    await waitFor(() => types.every((type) => eventsFor(type, a.id).length === 1), { timeoutMs: 15000 });
    const versions = types.map(
      (type) =>
        (eventsFor(type, a.id)[0]!.payload as unknown as { appointment: { version: bigint } }).appointment
          .version,
    );
    expect(versions).toEqual([1n, 2n, 3n, 4n]);
    const row = await call<{ version: number }>(svc, 'GET', `/v1/appointments/${a.id}`, staff);
    expect(row.body.version).toBe(4);
  });

  it('marks a no-show only once the appointment has started', async () => {
    const a = await book('2027-03-16T08:00:00+01:00');
    clock.set('2027-03-16T06:59:00Z');
    expect((await call(svc, 'POST', `/v1/appointments/${a.id}/no-show`, staff)).status).toBe(409);
    clock.set('2027-03-16T07:10:00Z');
    const res = await call<Appt>(svc, 'POST', `/v1/appointments/${a.id}/no-show`, staff);
    expect(res.body.status).toBe('no_show');
    await waitFor(() => eventsFor(EVENTS.appointmentNoShow.type, a.id).length === 1, { timeoutMs: 15000 });
  });
});
