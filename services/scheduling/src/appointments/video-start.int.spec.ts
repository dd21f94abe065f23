import { EVENTS } from '@carebus/contracts';
import { ManualClock, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { call, tokenFor } from '../../test/scheduling-test-service';

const MS = { second: 1000, minute: 60_000, hour: 3_600_000 };

describe('POST /v1/appointments/:id/video/start — the patient’s window, with an injected clock', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let staff: string;
  let patient: string;
  let tap: AppointmentEventTap;
  const clock = new ManualClock(new Date('2027-02-01T12:00:00Z'));

  /** Books the video slot at 12:00 + n × 20 min on Monday 1 March 2027 (Oslo, UTC+1). */
  const bookVideo = async (n: number): Promise<{ id: string; start: Date }> => {
    const start = new Date(Date.parse('2027-03-01T11:00:00Z') + n * 20 * MS.minute);
    const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: c.videoTypeId,
      patientId: c.patientId,
      start: start.toISOString(),
    });
    expect(res.status).toBe(201);
    return { id: res.body.id, start };
  };
  const startAt = (id: string, instant: number, token = patient) => {
    clock.set(new Date(instant));
    return call(svc, 'POST', `/v1/appointments/${id}/video/start`, token);
  };

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock });
    c = await seedBookableClinic(svc);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    tap = new AppointmentEventTap([c.clinicId]);
    await tap.start();
  });

  afterAll(async () => {
    await tap?.stop();
    await svc?.close();
  });

  it('is closed at −10 min −1 s, with the window in the problem body', async () => {
    const a = await bookVideo(0);
    const res = await startAt(a.id, a.start.getTime() - 10 * MS.minute - MS.second);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'scheduling.video_window_closed',
      windowOpensAt: '2027-03-01T10:50:00.000Z',
      windowClosesAt: '2027-03-01T13:00:00.000Z',
    });
  });

  it('opens at exactly −10 min, sets video_started_at and emits video_started once', async () => {
    const a = await bookVideo(1);
    const opensAt = a.start.getTime() - 10 * MS.minute;
    const res = await startAt(a.id, opensAt);
    expect(res.status).toBe(200);
    expect(res.body.videoStartedAt).toBe(new Date(opensAt).toISOString());
    const again = await startAt(a.id, opensAt + MS.minute);
    expect(again.body.videoStartedAt).toBe(new Date(opensAt).toISOString());
    await waitFor(() => tap.ofType(EVENTS.appointmentVideoStarted.type).some((e) => e.key === a.id), {
      timeoutMs: 15000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tap.ofType(EVENTS.appointmentVideoStarted.type).filter((e) => e.key === a.id)).toHaveLength(1);
  });

  it('is still open at exactly +2 h', async () => {
    const a = await bookVideo(2);
    const res = await startAt(a.id, a.start.getTime() + 2 * MS.hour);
    expect(res.status).toBe(200);
  });

  it('is closed at +2 h +1 s', async () => {
    const a = await bookVideo(3);
    const res = await startAt(a.id, a.start.getTime() + 2 * MS.hour + MS.second);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('scheduling.video_window_closed');
  });

  it('refuses an appointment that is not a video appointment, and staff tokens', async () => {
    const inPerson = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: c.typeId,
      patientId: c.patientId,
      start: '2027-03-01T08:00:00+01:00',
    });
    const res = await startAt(inPerson.body.id, Date.parse('2027-03-01T07:00:00Z'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('scheduling.not_a_video_appointment');
    const byStaff = await startAt(inPerson.body.id, Date.parse('2027-03-01T07:00:00Z'), staff);
    expect(byStaff.status).toBe(403);
  });
});
