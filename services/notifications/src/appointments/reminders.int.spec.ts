import { Client } from 'pg';
import { ManualClock, newClinicId, waitFor } from '@carebus/testing';
import type { SendHooks } from '../delivery/send-hooks';
import {
  adminToken,
  appointment,
  call,
  notificationRows,
  publishAppointment,
  startHarness,
  type Harness,
} from '../../test/notifications-harness';

const HOUR = 3600_000;

describe('reminders: durable jobs 48–24 h before, re-planned on reschedule, suppressed on cancellation', () => {
  let h: Harness;
  const clock = new ManualClock(new Date('2030-05-01T08:00:00Z'));
  const hooks: SendHooks = {};

  beforeAll(async () => {
    h = await startHarness({ clock, hooks });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function bookedWithContact(startInHours: number) {
    const clinicId = newClinicId();
    const token = await adminToken(h, clinicId);
    const a = appointment(clinicId, new Date(clock.now().getTime() + startInHours * HOUR));
    await call(h, 'PUT', `/v1/patient-contacts/${a.patientId}`, token, {
      email: `p-${a.patientId}@patient.example`,
    });
    await publishAppointment(h, 'booked', a);
    await waitFor(
      async () => (await notificationRows(h, clinicId)).some((r) => r.kind === 'appointment_reminder'),
      { timeoutMs: 15_000 },
    );
    const to = `p-${a.patientId}@patient.example`;
    const reminders = () =>
      h.smtp.messages.filter((m) => m.envelopeTo.includes(to) && m.subject.startsWith('Påminnelse'));
    return { clinicId, a, to, reminders };
  }

  async function moveClockTo(at: Date) {
    clock.set(at);
    h.dispatcher.poke();
    await h.dispatcher.runOnce();
  }

  it('booked 72 h ahead → exactly one reminder, sent inside [48 h, 24 h] before the start', async () => {
    const c = await bookedWithContact(72);
    const start = clock.now().getTime() + 72 * HOUR;
    await moveClockTo(new Date(start - 49 * HOUR));
    expect(c.reminders()).toHaveLength(0);
    await moveClockTo(new Date(start - 48 * HOUR));
    await waitFor(() => c.reminders().length === 1, { timeoutMs: 10_000 });
    await moveClockTo(new Date(start - 24 * HOUR));
    await h.dispatcher.runOnce();
    expect(c.reminders()).toHaveLength(1);
    const [row] = (await notificationRows(h, c.clinicId)).filter((r) => r.kind === 'appointment_reminder');
    expect(row!.status).toBe('sent');
    clock.set(new Date('2030-05-01T08:00:00Z'));
  });

  it('a reschedule moves the reminder to 48 h before the new start', async () => {
    const c = await bookedWithContact(72);
    const newStart = new Date(clock.now().getTime() + 120 * HOUR);
    await publishAppointment(h, 'rescheduled', {
      ...c.a,
      startTime: { ...c.a.startTime!, seconds: BigInt(newStart.getTime() / 1000) },
    });
    await waitFor(
      async () =>
        (await notificationRows(h, c.clinicId)).filter((r) => r.kind === 'appointment_reminder').length === 2,
      { timeoutMs: 15_000 },
    );
    const reminders = (await notificationRows(h, c.clinicId)).filter(
      (r) => r.kind === 'appointment_reminder',
    );
    expect(reminders.map((r) => r.status).sort()).toEqual(['pending', 'suppressed']);
    expect(reminders.find((r) => r.status === 'pending')!.due_at.toISOString()).toBe(
      new Date(newStart.getTime() - 48 * HOUR).toISOString(),
    );
    clock.set(new Date('2030-05-01T08:00:00Z'));
  });

  it('cancelled before the reminder is due → 0 reminders', async () => {
    const c = await bookedWithContact(72);
    await publishAppointment(h, 'cancelled', { ...c.a, status: 3 });
    await waitFor(
      async () =>
        (await notificationRows(h, c.clinicId)).some(
          (r) => r.kind === 'appointment_reminder' && r.status === 'suppressed',
        ),
      { timeoutMs: 15_000 },
    );
    await moveClockTo(new Date(clock.now().getTime() + 30 * HOUR));
    expect(c.reminders()).toHaveLength(0);
    clock.set(new Date('2030-05-01T08:00:00Z'));
  });

  /** Books 30 h ahead (reminder due at once) with the dispatcher stopped; returns the reminder's id. */
  async function dueReminder() {
    await h.dispatcher.stop();
    const c = await bookedWithContact(30);
    const [reminder] = (await notificationRows(h, c.clinicId)).filter(
      (r) => r.kind === 'appointment_reminder',
    );
    return { ...c, reminderId: reminder!.id };
  }

  function holdAt(point: 'afterPrepare' | 'beforeSend', id: string) {
    let reached!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    let letGo!: () => void;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    hooks[point] = async (current: string) => {
      if (current !== id) return;
      reached();
      await released;
    };
    return { arrived, letGo, done: () => delete hooks[point] };
  }

  /** Sessions of this test's database waiting on a row lock (as superuser: it sees every role). */
  async function lockWaiters(): Promise<number> {
    const db = new Client({ connectionString: h.svc.db.url() });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      return (rows[0] as { n: number }).n;
    } finally {
      await db.end();
    }
  }

  const rowOf = async (clinicId: string, id: string) =>
    (await notificationRows(h, clinicId)).find((r) => r.id === id)!;

  it('race, cancellation first: it commits after the reminder was claimed but before the sender locks it → 0 reminders', async () => {
    const c = await dueReminder();
    const hold = holdAt('afterPrepare', c.reminderId);
    h.dispatcher.start();
    await hold.arrived; // claimed, rendered, in-doubt marker committed; no lock held now
    await publishAppointment(h, 'cancelled', { ...c.a, status: 3 });
    await waitFor(async () => (await rowOf(c.clinicId, c.reminderId)).status === 'suppressed', {
      timeoutMs: 15_000,
    });
    hold.letGo();
    await waitFor(
      async () =>
        (await notificationRows(h, c.clinicId)).some(
          (r) => r.kind === 'appointment_cancelled' && r.status === 'sent',
        ),
      { timeoutMs: 15_000 },
    );
    hold.done();
    expect(c.reminders()).toHaveLength(0);
    expect(await rowOf(c.clinicId, c.reminderId)).toMatchObject({
      status: 'suppressed',
      in_doubt_since: null,
    });
  });

  it('race, sender first: a cancellation arriving while the reminder is being sent waits for the row lock → the one reminder, never twice', async () => {
    const c = await dueReminder();
    const hold = holdAt('beforeSend', c.reminderId);
    h.dispatcher.start();
    await hold.arrived; // the sender holds the job's row lock
    await publishAppointment(h, 'cancelled', { ...c.a, status: 3 });
    // The consumer's suppress is blocked on that lock.
    await waitFor(async () => (await lockWaiters()) > 0, {
      timeoutMs: 15_000,
      what: 'the cancellation to wait for the lock',
    });
    hold.letGo();
    await waitFor(
      async () =>
        (await notificationRows(h, c.clinicId)).some(
          (r) => r.kind === 'appointment_cancelled' && r.status === 'sent',
        ),
      { timeoutMs: 15_000 },
    );
    hold.done();
    expect(c.reminders()).toHaveLength(1);
    expect((await rowOf(c.clinicId, c.reminderId)).status).toBe('sent');
  });
});
