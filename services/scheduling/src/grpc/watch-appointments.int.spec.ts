import { randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import { Client } from 'pg';
import { ManualClock, waitFor } from '@carebus/testing';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { SchedulingGrpcClient } from '../../test/grpc-client';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

interface Change {
  appointment: { appointmentId: string; status: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const errorCodeOf = (error: ServiceError | undefined) => error?.metadata?.get('error-code')[0];

/** Inserts `count` visible appointments in one transaction (all with its `now()` as updated_at); their ids. */
async function insertAppointments(
  db: Client,
  c: BookableClinic,
  from: number,
  count: number,
): Promise<string[]> {
  const res = await db.query<{ id: string }>(
    `INSERT INTO scheduling.appointments (id, clinic_id, calendar_id, appointment_type_id, patient_id, during,
       status, contact_surface, hidden, source_channel, booked_by)
     SELECT gen_random_uuid(), $1, $2, $3, $4, tstzrange(t, t + interval '30 minutes', '[)'),
       'booked', 'in_person', false, 'staff', 'load'
     FROM generate_series($5::int, $5::int + $6::int - 1) AS i,
       LATERAL (SELECT timestamptz '2027-06-01 00:00Z' + i * interval '30 minutes' AS t) AS slot
     RETURNING id`,
    [c.clinicId, c.calendarId, c.typeId, c.patientId, from, count],
  );
  return res.rows.map((r) => r.id);
}

describe('gRPC WatchAppointments streams changes to partners, never hidden ones', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let grpc: SchedulingGrpcClient;
  let staff: string;

  const book = async (typeId: string, start: string) => {
    const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: typeId,
      patientId: c.patientId,
      start,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    svc = await startSchedulingWith({ clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) });
    c = await seedBookableClinic(svc);
    grpc = new SchedulingGrpcClient(svc.grpcAddress);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
  });

  afterAll(async () => {
    grpc?.close();
    await svc?.close();
  });

  it('sends a booking and then its cancellation, and nothing of a hidden appointment', async () => {
    const before = await book(c.typeId, '2027-03-01T08:00:00+01:00');
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'] });
    const stream = grpc.stream<Change>('WatchAppointments', { calendarId: c.calendarId }, partner);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the stream has started
      const visible = await book(c.typeId, '2027-03-01T09:00:00+01:00');
      const hidden = await book(c.hiddenTypeId, '2027-03-01T14:00:00+01:00');
      await waitFor(() => stream.received.some((m) => m.appointment.appointmentId === visible), {
        timeoutMs: 10000,
      });
      await call(svc, 'POST', `/v1/appointments/${visible}/cancel`, staff, {});
      await waitFor(
        () => stream.received.some((m) => m.appointment.status === 'APPOINTMENT_STATUS_CANCELLED'),
        { timeoutMs: 10000 },
      );
      const ids = stream.received.map((m) => m.appointment.appointmentId);
      expect(ids).not.toContain(hidden);
      expect(ids).not.toContain(before);
      expect(stream.received.map((m) => m.appointment.status)).toEqual([
        'APPOINTMENT_STATUS_BOOKED',
        'APPOINTMENT_STATUS_CANCELLED',
      ]);
      expect(stream.errors).toEqual([]);
    } finally {
      stream.cancel();
    }
  });

  it('delivers 600 changes made within 5 s each exactly once, also one committed late with an earlier time', async () => {
    const d = await seedBookableClinic(svc);
    const subject = `partner-${randomUUID()}`;
    const partner = await svc.issuer.mint({ sub: subject, clinicId: d.clinicId, roles: ['partner'] });
    const stream = grpc.stream<Change>('WatchAppointments', {}, partner);
    // As asOwner does, past row-level security (the superuser: the owner is bound by it too).
    const late = new Client({ connectionString: svc.db.url() });
    await late.connect();
    try {
      await sleep(1500); // the stream has started
      const began = Date.now();
      // A transaction that begins first (its updated_at is the earliest) and commits last.
      await late.query('BEGIN');
      const ids = await insertAppointments(late, d, 0, 1);
      // 519 changes at one instant: more than a page of the watcher's reads.
      ids.push(...(await asOwner(svc, (db) => insertAppointments(db, d, 1, 519))));
      for (let i = 0; i < 4; i++) {
        await sleep(500);
        ids.push(...(await asOwner(svc, (db) => insertAppointments(db, d, 520 + i * 20, 20))));
      }
      await sleep(1000); // the watcher has passed the late transaction's time
      await late.query('COMMIT');
      expect(Date.now() - began).toBeLessThan(5000);
      expect(new Set(ids).size).toBe(600);

      await waitFor(() => stream.received.length >= 600, { timeoutMs: 30000 });
      await sleep(2500); // and nothing arrives twice
      const received = stream.received.map((m) => m.appointment.appointmentId);
      expect(received).toHaveLength(600);
      expect(new Set(received)).toEqual(new Set(ids));
      expect(stream.errors).toEqual([]);
      // Each appointment sent is audited as read by the watcher.
      const audited = await asOwner(svc, async (db) => {
        const res = await db.query<{ n: number }>(
          `SELECT count(DISTINCT resource_id)::int AS n FROM scheduling.audit_log
            WHERE subject = $1 AND action = 'appointments.watch' AND outcome = 'allowed'`,
          [subject],
        );
        return res.rows[0]!.n;
      });
      expect(audited).toBe(600);
    } finally {
      stream.cancel();
      await late.end();
    }
  }, 60_000);

  it('ends the stream with UNAUTHENTICATED when the token expires', async () => {
    const partner = await tokenFor(svc, c.clinicId, { roles: ['partner'] }, { ttlSeconds: 4 });
    const opened = Date.now();
    const stream = grpc.stream<Change>('WatchAppointments', { calendarId: c.calendarId }, partner);
    try {
      await sleep(1500);
      const booked = await book(c.typeId, '2027-03-02T08:00:00+01:00');
      await waitFor(() => stream.received.some((m) => m.appointment.appointmentId === booked), {
        timeoutMs: 5000,
      });
      expect(stream.errors).toEqual([]);
      await waitFor(() => stream.errors.length === 1, { timeoutMs: 10000 });
      expect(Date.now() - opened).toBeGreaterThanOrEqual(2500);
      expect(stream.errors[0]!.code).toBe(16);
      expect(errorCodeOf(stream.errors[0])).toBe('auth.token_expired');
    } finally {
      stream.cancel();
    }
  });

  it('refuses one stream too many per caller with RESOURCE_EXHAUSTED, audited as denied, and admits again after one closes', async () => {
    const subject = `partner-${randomUUID()}`;
    const partner = () => svc.issuer.mint({ sub: subject, clinicId: c.clinicId, roles: ['partner'] });
    const open = await Promise.all(
      [1, 2, 3, 4].map(async () => grpc.stream<Change>('WatchAppointments', {}, await partner())),
    );
    const others: typeof open = [];
    try {
      await sleep(1000);
      expect(open.flatMap((s) => s.errors)).toEqual([]);
      const refused = grpc.stream<Change>('WatchAppointments', {}, await partner());
      others.push(refused);
      await waitFor(() => refused.errors.length === 1, { timeoutMs: 5000 });
      expect(refused.errors[0]!.code).toBe(8);
      expect(errorCodeOf(refused.errors[0])).toBe('scheduling.watch_streams_exhausted');
      const denied = await asOwner(svc, async (db) => {
        const res = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM scheduling.audit_log
            WHERE subject = $1 AND action = 'appointments.watch' AND outcome = 'denied'`,
          [subject],
        );
        return res.rows[0]!.n;
      });
      expect(denied).toBe(1);
      // Another caller of the same clinic has a cap of its own.
      const stranger = grpc.stream<Change>(
        'WatchAppointments',
        {},
        await tokenFor(svc, c.clinicId, { roles: ['partner'] }),
      );
      others.push(stranger);

      open.shift()!.cancel();
      await sleep(500);
      const admitted = grpc.stream<Change>('WatchAppointments', {}, await partner());
      others.push(admitted);
      await sleep(1500);
      const booked = await book(c.typeId, '2027-03-03T08:00:00+01:00');
      await waitFor(() => admitted.received.some((m) => m.appointment.appointmentId === booked), {
        timeoutMs: 5000,
      });
      expect(admitted.errors).toEqual([]);
      expect(stranger.errors).toEqual([]);
    } finally {
      for (const s of [...open, ...others]) s.cancel();
    }
  });

  it("answers NOT_FOUND for another clinic's calendar and an unknown one, audited as denied", async () => {
    const other = await seedBookableClinic(svc);
    const subject = `partner-${randomUUID()}`;
    const partner = await svc.issuer.mint({ sub: subject, clinicId: c.clinicId, roles: ['partner'] });
    const unknown = randomUUID();
    // More refusals than the cap: a refused stream holds no place.
    for (const calendarId of [other.calendarId, unknown, unknown, unknown, unknown]) {
      const stream = grpc.stream<Change>('WatchAppointments', { calendarId }, partner);
      await waitFor(() => stream.errors.length === 1, { timeoutMs: 5000 });
      expect(stream.errors[0]!.code).toBe(5);
      expect(errorCodeOf(stream.errors[0])).toBe('scheduling.calendar_not_found');
    }
    const rows = await asOwner(svc, async (db) => {
      const res = await db.query<{ clinic_id: string; resource_type: string; resource_id: string }>(
        `SELECT clinic_id, resource_type, resource_id FROM scheduling.audit_log
          WHERE subject = $1 AND action = 'appointments.watch' AND outcome = 'denied' ORDER BY id`,
        [subject],
      );
      return res.rows;
    });
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      clinic_id: c.clinicId,
      resource_type: 'calendar',
      resource_id: other.calendarId,
    });
    const own = grpc.stream<Change>('WatchAppointments', { calendarId: c.calendarId }, partner);
    try {
      await sleep(1500);
      expect(own.errors).toEqual([]);
    } finally {
      own.cancel();
    }
  });

  it('refuses a watch without a token', async () => {
    const stream = grpc.stream('WatchAppointments', {});
    await waitFor(() => stream.errors.length === 1, { timeoutMs: 5000 });
    expect(stream.errors[0]!.code).toBe(16);
  });
});
