import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AppointmentStatus, EVENTS } from '@carebus/contracts';
import { ManualClock, newClinicId, waitFor } from '@carebus/testing';
import {
  adminToken,
  appointment,
  asOwner,
  call,
  handled,
  notificationRows,
  publishAppointment,
  publishAppointments,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

const HOUR = 3600_000;
const BOOKED = EVENTS.appointmentBooked.type;

describe('appointment versions: a retried or replayed event older than what was applied plans nothing', () => {
  let h: Harness;
  const start = new Date('2030-05-01T08:00:00Z');
  const clock = new ManualClock(start);

  beforeAll(async () => {
    h = await startHarness({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });
  afterEach(() => clock.set(start));

  /** A clinic and a patient with an e-mail address; the appointment starts `inHours` from now. */
  async function patientAppointment(inHours: number) {
    const clinicId = newClinicId();
    const token = await adminToken(h, clinicId);
    const a = appointment(clinicId, new Date(clock.now().getTime() + inHours * HOUR), { version: 1n });
    const to = `p-${randomUUID()}@patient.example`;
    expect((await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, { email: to })).status).toBe(
      200,
    );
    const mail = () => h.smtp.messages.filter((m) => m.envelopeTo.includes(to));
    return { clinicId, a, mail };
  }

  /** SQL as superuser (the test installs triggers in the service's schema). */
  async function asSuperuser<T>(work: (db: Client) => Promise<T>): Promise<T> {
    const db = new Client({ connectionString: h.svc.db.url() });
    await db.connect();
    try {
      return await work(db);
    } finally {
      await db.end();
    }
  }

  /** The first insert of a notification for the appointment raises, later ones pass. */
  async function failFirstNotificationOf(appointmentId: string) {
    const name = `fail_once_${randomUUID().replaceAll('-', '')}`;
    await asSuperuser(async (db) => {
      await db.query(`CREATE SEQUENCE public.${name}`);
      await db.query(`
        CREATE FUNCTION public.${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          IF nextval('public.${name}') = 1 THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$`);
      await db.query(`
        CREATE TRIGGER ${name} BEFORE INSERT ON notifications.notifications FOR EACH ROW
        WHEN (NEW.appointment_id = '${appointmentId}'::uuid) EXECUTE FUNCTION public.${name}()`);
    });
    return {
      /** How many times the trigger ran (the first one failed). */
      calls: () =>
        asSuperuser(async (db) => {
          const { rows } = await db.query(`SELECT last_value, is_called FROM public.${name}`);
          const row = rows[0] as { last_value: string; is_called: boolean };
          return row.is_called ? Number(row.last_value) : 0;
        }),
    };
  }

  const stateOf = (clinicId: string, appointmentId: string) =>
    asOwner(h, async (db) => {
      const { rows } = await db.query(
        `SELECT status, version::int AS version FROM notifications.appointment_states
          WHERE clinic_id = $1 AND appointment_id = $2`,
        [clinicId, appointmentId],
      );
      return rows[0] as { status: string; version: number } | undefined;
    });

  async function metric(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${h.svc.url}/metrics`)).text();
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
    return line ? Number(line.split(' ').pop()) : 0;
  }
  const group = () => h.env.NOTIFICATIONS_CONSUMER_GROUP!;
  const staleBooked = () => metric('carebus_stale_events_total', { consumer: group(), event_type: BOOKED });

  async function passReminderWindow(startAt: Date) {
    for (const hoursBefore of [48, 24, 0]) {
      clock.set(new Date(startAt.getTime() - hoursBefore * HOUR));
      h.dispatcher.poke();
      await h.dispatcher.runOnce();
    }
  }

  it('booked fails once and is retried after cancelled: no confirmation, no reminder, cancelled in the end, counted as stale', async () => {
    const c = await patientAppointment(72);
    const startAt = new Date(Number(c.a.startTime!.seconds) * 1000);
    const fault = await failFirstNotificationOf(c.a.appointmentId);
    const staleBefore = await staleBooked();
    const retriesBefore = await metric('carebus_consumer_retries_total', { group: group() });

    // One request: booked fails in the consumer's run, cancelled is applied at once, and booked
    // comes back from the retry topic a second later.
    const [bookedId, cancelledId] = await publishAppointments(h, [
      { change: 'booked', appointment: c.a },
      { change: 'cancelled', appointment: { ...c.a, status: AppointmentStatus.CANCELLED, version: 2n } },
    ]);
    await waitFor(() => handled(h, cancelledId!), { timeoutMs: 20_000, what: 'the cancellation' });
    await waitFor(() => handled(h, bookedId!), { timeoutMs: 30_000, what: 'the retried booking' });

    expect(await fault.calls()).toBeGreaterThanOrEqual(1); // the booking's first attempt failed
    expect(await metric('carebus_consumer_retries_total', { group: group() })).toBe(retriesBefore + 1);
    await waitFor(async () => (await staleBooked()) === staleBefore + 1, {
      timeoutMs: 5_000,
      what: 'the stale booking to be counted',
    });
    expect(await stateOf(c.clinicId, c.a.appointmentId)).toEqual({ status: 'cancelled', version: 2 });

    await passReminderWindow(startAt);
    await h.dispatcher.runOnce();
    const kinds = (await notificationRows(h, c.clinicId)).map((r) => r.kind);
    expect(kinds).not.toContain('booking_confirmation');
    expect(kinds).not.toContain('appointment_reminder');
    expect(c.mail().filter((m) => m.subject.startsWith('Påminnelse'))).toHaveLength(0);
    expect(c.mail().filter((m) => m.subject.startsWith('Timebekreftelse'))).toHaveLength(0);
  });

  it('a booked replayed after rescheduled plans no confirmation, and the reminder stays at the new time', async () => {
    const c = await patientAppointment(72);
    const newStart = new Date(clock.now().getTime() + 120 * HOUR);
    const moved = { ...c.a, startTime: timestampFromDate(newStart), version: 2n };
    const staleBefore = await staleBooked();
    const rescheduledId = await publishAppointment(h, 'rescheduled', moved);
    await waitFor(() => handled(h, rescheduledId), { timeoutMs: 20_000, what: 'the reschedule' });
    const bookedId = await publishAppointment(h, 'booked', c.a); // replayed late, e.g. from a dead letter
    await waitFor(() => handled(h, bookedId), { timeoutMs: 20_000, what: 'the late booking' });

    await waitFor(async () => (await staleBooked()) === staleBefore + 1, { timeoutMs: 5_000 });
    expect(await stateOf(c.clinicId, c.a.appointmentId)).toEqual({ status: 'booked', version: 2 });
    const rows = await notificationRows(h, c.clinicId);
    expect(rows.filter((r) => r.kind === 'booking_confirmation')).toHaveLength(0);
    const reminders = rows.filter((r) => r.kind === 'appointment_reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.due_at.toISOString()).toBe(new Date(newStart.getTime() - 48 * HOUR).toISOString());
  });

  it('applies an event with the version it held again as stale, and one without a version as before', async () => {
    const c = await patientAppointment(72);
    const staleBefore = await staleBooked();
    const first = await publishAppointment(h, 'booked', c.a);
    await waitFor(() => handled(h, first), { timeoutMs: 20_000 });
    // The same change under another event id (not caught by the inbox): equal version, stale.
    const again = await publishAppointment(h, 'booked', c.a);
    await waitFor(() => handled(h, again), { timeoutMs: 20_000 });
    await waitFor(async () => (await staleBooked()) === staleBefore + 1, { timeoutMs: 5_000 });
    expect(
      (await notificationRows(h, c.clinicId)).filter((r) => r.kind === 'booking_confirmation'),
    ).toHaveLength(1);

    // A producer from before versions (version 0): planned as it comes, the record left as it is.
    const old = await patientAppointment(72);
    const unversioned = await publishAppointment(h, 'booked', { ...old.a, version: 0n });
    await waitFor(() => handled(h, unversioned), { timeoutMs: 20_000 });
    const kinds = (await notificationRows(h, old.clinicId)).map((r) => r.kind).sort();
    expect(kinds).toEqual(['appointment_reminder', 'booking_confirmation']);
    expect(await stateOf(old.clinicId, old.a.appointmentId)).toBeUndefined();
    expect(await staleBooked()).toBe(staleBefore + 1);
  });
});
