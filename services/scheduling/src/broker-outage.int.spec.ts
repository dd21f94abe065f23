import { decodeEnvelopeHeaders, EVENTS, TOPICS } from '@carebus/contracts';
import { ManualClock, OwnBroker, waitFor } from '@carebus/testing';
import {
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../test/booking-fixture';
import { asOwner, call, tokenFor } from '../test/scheduling-test-service';

const OUTAGE_MS = 30_000;

describe('scheduling across a broker outage (its own broker, really stopped)', () => {
  let broker: OwnBroker;
  let svc: SchedulingUnderTest;
  let c: BookableClinic;

  beforeAll(async () => {
    broker = await OwnBroker.create();
    await broker.start();
    svc = await startSchedulingWith(
      { clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) },
      { KAFKA_BROKERS: broker.brokers },
    );
    c = await seedBookableClinic(svc);
  }, 180_000);

  afterAll(async () => {
    await svc?.close();
    await broker?.wipe();
  });

  it('stays ready and books while the broker is down ≥30 s, then publishes every booking', async () => {
    const staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    const slots = await call<{ start: string }[]>(
      svc,
      'GET',
      `/v1/calendars/${c.calendarId}/slots?from=2027-03-01T00:00:00Z&to=2027-05-01T00:00:00Z&typeId=${c.typeId}`,
      staff,
    );
    expect(slots.status).toBe(200);
    const starts = slots.body.map((s) => s.start);

    // Readiness, polled the way a kubelet would (but far more often), for the whole run.
    const readiness: { status: number; body: string }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const res = await fetch(`${svc.url}/health/ready`);
        readiness.push({ status: res.status, body: await res.text() });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    // Bookings, one after the other at ~4/s, each on a slot of its own.
    const bookings: { status: number; code?: string }[] = [];
    let booking = true;
    const book = (async () => {
      for (const start of starts) {
        if (!booking) break;
        const res = await call<{ code?: string }>(svc, 'POST', '/v1/appointments', staff, {
          calendarId: c.calendarId,
          appointmentTypeId: c.typeId,
          patientId: c.patientId,
          start,
        });
        bookings.push({ status: res.status, ...(res.body?.code ? { code: res.body.code } : {}) });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();

    await waitFor(() => bookings.length >= 10, { what: 'bookings under way' });
    await broker.stop();
    const stopped = Date.now();
    const atStop = bookings.length;
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    const duringOutage = bookings.length - atStop;
    const probesDuringOutage = readiness.length;
    await broker.start();
    const outageMs = Date.now() - stopped;
    const atRestart = bookings.length;
    await waitFor(() => bookings.length >= atRestart + 10, { what: 'bookings after the outage' });
    booking = false;
    await book;
    probing = false;
    await probe;

    expect(outageMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    expect(duringOutage).toBeGreaterThan(50);
    expect(bookings.filter((b) => b.status !== 201)).toEqual([]);
    expect(readiness.filter((r) => r.status !== 200)).toEqual([]);
    // The broker really was away, and readiness said so as a detail, statuses only.
    const bodies = readiness.slice(0, probesDuringOutage).map((r) => JSON.parse(r.body) as unknown);
    expect(bodies).toContainEqual({ status: 'ok', checks: { postgres: 'up', kafka: 'down' } });
    expect(bodies.every((b) => JSON.stringify(b).length < 80)).toBe(true);

    // Every booking's event reaches the topic once the broker is back (at least once: count ids).
    const booked = await bookedEventIds(broker, c.clinicId, bookings.length);
    expect(booked.size).toBe(bookings.length);
    const unpublished = await asOwner(svc, (db) =>
      db.query(`SELECT count(*)::int AS n FROM scheduling.outbox WHERE published_at IS NULL`),
    );
    expect(unpublished.rows[0].n).toBe(0);
    console.log(
      `broker outage under booking load: ${JSON.stringify({ outageMs, bookings: bookings.length, duringOutage, probes: readiness.length, booked: booked.size })}`,
    );
  }, 300_000);
});

/** The ids of the clinic's appointment.booked events on the topic, read from its start until `expected` are seen. */
async function bookedEventIds(broker: OwnBroker, clinicId: string, expected: number): Promise<Set<string>> {
  const ids = new Set<string>();
  const consumer = broker.kafka('outage-reader').consumer({ groupId: `outage-reader-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.schedulingAppointment, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = decodeEnvelopeHeaders(message.headers ?? {});
        if (envelope.type === EVENTS.appointmentBooked.type && envelope.clinicId === clinicId) {
          ids.add(envelope.id);
        }
      },
    });
    await waitFor(() => ids.size >= expected, {
      what: `${expected} booked events on the topic`,
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    await new Promise((r) => setTimeout(r, 1_000)); // a straggler beyond the expected would show
    return ids;
  } finally {
    await consumer.disconnect();
  }
}
