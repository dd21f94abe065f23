import { randomUUID } from 'node:crypto';
import { EVENTS } from '@carebus/contracts';
import { ManualClock, type TestService, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
} from '../../test/booking-fixture';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

// Monday 1 March 2027, Oslo is UTC+1: the in-person block runs 07:00–11:00Z.
const MONDAY_0800 = '2027-03-01T08:00:00+01:00';
const MONDAY_0830 = '2027-03-01T08:30:00+01:00';

describe('POST /v1/appointments — booking', () => {
  let svc: TestService;
  let c: BookableClinic;
  let staff: string;
  let tap: AppointmentEventTap;
  const clock = new ManualClock(new Date('2027-02-01T12:00:00Z'));

  const book = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(`${svc.url}/v1/appointments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (res) => ({
      status: res.status,
      headers: res.headers,
      body: (await res.json()) as Record<string, unknown>,
    }));

  const slot = (start: string, patientId = c.patientId, typeId = c.typeId) => ({
    calendarId: c.calendarId,
    appointmentTypeId: typeId,
    patientId,
    start,
  });

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

  it('books a free slot for staff and emits one booked event with the snapshot', async () => {
    const res = await book(staff, slot(MONDAY_0800));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      calendarId: c.calendarId,
      practitionerId: c.practitionerId,
      start: '2027-03-01T07:00:00.000Z',
      end: '2027-03-01T07:30:00.000Z',
      status: 'booked',
      contactSurface: 'in_person',
      sourceChannel: 'staff',
      hidden: false,
    });
    await waitFor(() => tap.ofType(EVENTS.appointmentBooked.type).some((e) => e.key === res.body.id), {
      timeoutMs: 15000,
    });
    const event = tap.ofType(EVENTS.appointmentBooked.type).find((e) => e.key === res.body.id)!;
    expect(event.envelope.subject).toBe(`appointment/${res.body.id}`);
    expect(event.payload).toMatchObject({
      appointment: { appointmentId: res.body.id, clinicId: c.clinicId, appointmentTypeName: 'Consultation' },
    });
  });

  it('refuses an overlapping booking in the same calendar with 409 scheduling.slot_taken', async () => {
    const res = await book(staff, slot('2027-03-01T09:00:00+01:00'));
    expect(res.status).toBe(201);
    const again = await book(staff, slot('2027-03-01T09:15:00+01:00'));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.code).toBe('scheduling.slot_taken');
  });

  it('answers a retried Idempotency-Key with the first booking, and refuses the key for another booking', async () => {
    const key = `retry-${randomUUID()}`;
    const first = await book(staff, slot('2027-03-01T10:00:00+01:00'), { 'idempotency-key': key });
    const retry = await book(staff, slot('2027-03-01T10:00:00+01:00'), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const other = await book(staff, slot('2027-03-01T10:30:00+01:00'), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('scheduling.idempotency_key_reused');
  });

  it('lets a patient book a slot online, but only for themself and only where the plan offers one', async () => {
    const patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    expect((await book(patient, slot('2027-03-02T08:00:00+01:00'))).status).toBe(201);
    const offPlan = await book(patient, slot('2027-03-02T08:10:00+01:00'));
    expect(offPlan.body.code).toBe('scheduling.not_a_slot');
    const weekend = await book(patient, slot('2027-03-06T08:00:00+01:00'));
    expect(weekend.status).toBe(422);
    const someoneElse = await book(patient, slot('2027-03-02T09:00:00+01:00', randomUUID()));
    expect(someoneElse.status).toBe(404);
    expect(someoneElse.body.code).toBe('scheduling.patient_not_found');
  });

  it('enforces minimum notice and maximum days ahead for online bookings', async () => {
    const patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    await asOwner(svc, (db) =>
      db.query(
        `UPDATE scheduling.calendars SET min_notice_minutes = 1440, max_days_ahead = 60 WHERE id = $1`,
        [c.calendarId],
      ),
    );
    clock.set('2027-03-02T20:00:00Z');
    const tooSoon = await book(patient, slot('2027-03-03T08:00:00+01:00'));
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body).toMatchObject({
      code: 'scheduling.notice_too_short',
      earliestStart: '2027-03-03T20:00:00.000Z',
    });
    const tooFar = await book(patient, slot('2027-06-01T08:00:00+02:00'));
    expect(tooFar.body.code).toBe('scheduling.too_far_ahead');
    await asOwner(svc, (db) =>
      db.query(`UPDATE scheduling.calendars SET min_notice_minutes = 0, max_days_ahead = 730 WHERE id = $1`, [
        c.calendarId,
      ]),
    );
    clock.set('2027-02-01T12:00:00Z');
  });

  it('books for listed patients only when the calendar says so', async () => {
    const other = randomUUID();
    await asOwner(svc, async (db) => {
      await db.query(`INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $2, 'Ola')`, [
        other,
        c.clinicId,
      ]);
      await db.query(`UPDATE scheduling.calendars SET listed_patients_only = true WHERE id = $1`, [
        c.calendarId,
      ]);
    });
    const patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: other });
    const refused = await book(patient, slot('2027-03-04T08:00:00+01:00', other));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('scheduling.patient_not_listed');
    await asOwner(svc, (db) =>
      db.query(`UPDATE scheduling.patients SET listed_practitioner_id = $1 WHERE id = $2`, [
        c.practitionerId,
        other,
      ]),
    );
    expect((await book(patient, slot('2027-03-04T08:00:00+01:00', other))).status).toBe(201);
    await asOwner(svc, (db) =>
      db.query(`UPDATE scheduling.calendars SET listed_patients_only = false WHERE id = $1`, [c.calendarId]),
    );
  });

  it.each([
    ['a start without offset', { start: '2027-03-01T08:00:00' }, 400, 'validation.failed'],
    ['an unknown field', { colour: 'red' }, 400, 'validation.failed'],
    ['a bad contact surface', { contactSurface: 'telepathy' }, 400, 'validation.failed'],
    ['a calendar id that is not a uuid', { calendarId: 'cal-1' }, 400, 'validation.failed'],
    ['an unknown calendar', { calendarId: randomUUID() }, 404, 'scheduling.calendar_not_found'],
    ['an unknown type', { appointmentTypeId: randomUUID() }, 404, 'scheduling.appointment_type_not_found'],
    ['an unknown patient', { patientId: randomUUID() }, 404, 'scheduling.patient_not_found'],
  ])('refuses %s with a problem+json %s', async (_name, patch, status, code) => {
    const res = await book(staff, { ...slot(MONDAY_0830), ...patch });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
  });

  it('audits the booking and a refused one (who, what, outcome), and a read of the appointment', async () => {
    const subject = `auditor-${randomUUID()}`;
    const token = await svc.issuer.mint({ sub: subject, clinicId: c.clinicId, roles: ['staff'] });
    const ok = await book(token, slot('2027-03-05T08:00:00+01:00'));
    const refused = await book(token, slot('2027-03-05T08:00:00+01:00'));
    expect(refused.status).toBe(409);
    await call(svc, 'GET', `/v1/appointments/${ok.body.id}`, token);
    const rows = await asOwner(svc, (db) =>
      db.query(
        `SELECT action, resource_id, outcome FROM scheduling.audit_log WHERE subject = $1 ORDER BY id`,
        [subject],
      ),
    );
    expect(rows.rows).toEqual([
      { action: 'appointment.book', resource_id: ok.body.id, outcome: 'allowed' },
      { action: 'appointment.book', resource_id: null, outcome: 'failed' },
      { action: 'appointment.read', resource_id: ok.body.id, outcome: 'allowed' },
    ]);
  });

  it('audits a refusal by role on a patient-data route as denied', async () => {
    const subject = `operator-${randomUUID()}`;
    const token = await svc.issuer.mint({ sub: subject, clinicId: c.clinicId, roles: ['operator'] });
    const res = await call(svc, 'GET', `/v1/patients/${c.patientId}`, token);
    expect(res.status).toBe(403);
    await waitFor(
      async () =>
        (
          await asOwner(svc, (db) =>
            db.query(`SELECT 1 FROM scheduling.audit_log WHERE subject = $1 AND outcome = 'denied'`, [
              subject,
            ]),
          )
        ).rowCount === 1,
      { timeoutMs: 5000 },
    );
  });

  it('refuses malformed JSON and a malformed Idempotency-Key with 400', async () => {
    const res = await call(svc, 'POST', '/v1/appointments', staff, '{"calendarId":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.malformed_json');
    const key = await book(staff, slot(MONDAY_0830), { 'idempotency-key': 'has spaces in it' });
    expect(key.status).toBe(400);
  });
});
