import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Partitioners, type Producer } from '@carebus/kafka';
import {
  EhrAppointmentStatus,
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  type AppointmentBooked,
} from '@carebus/contracts';
import { createTopics, ManualClock, newTopicSuffix, testKafka, waitFor } from '@carebus/testing';
import {
  AppointmentEventTap,
  seedBookableClinic,
  startSchedulingWith,
  type BookableClinic,
  type SchedulingUnderTest,
} from '../../test/booking-fixture';
import { asOwner, call, tokenFor } from '../../test/scheduling-test-service';

describe('ehrsync.appointment.v1 → scheduling reconciles EHR imports', () => {
  let svc: SchedulingUnderTest;
  let c: BookableClinic;
  let producer: Producer;
  let tap: AppointmentEventTap;
  let staff: string;
  const connectionId = randomUUID();
  const kafka = testKafka();
  // The import topic and group of this test alone: scheduling under `npm start` consumes
  // ehrsync.appointment.v1 as group scheduling and would take these events.
  const suffix = newTopicSuffix();
  const topic = `test.${suffix}.ehrsync.appointment.v1`;

  const imported = (
    externalId: string,
    start: string,
    minutes: number,
    status = EhrAppointmentStatus.BOOKED,
    updatedAt = start,
  ) =>
    encodeEventPayload(EVENTS.ehrAppointmentImported, {
      externalId,
      ehrSystem: 'simulator',
      clinicId: c.clinicId,
      connectionId,
      calendarId: c.calendarId,
      patientExternalId: `patient-${externalId}`,
      startTime: timestampFromDate(new Date(start)),
      endTime: timestampFromDate(new Date(Date.parse(start) + minutes * 60_000)),
      appointmentTypeId: c.typeId,
      status,
      externalUpdatedAt: timestampFromDate(new Date(updatedAt)),
    });
  const publish = (externalId: string, payload: Uint8Array, eventId = randomUUID()) =>
    producer.send({
      topic,
      messages: [
        {
          key: `${connectionId}:${externalId}`,
          value: Buffer.from(payload),
          headers: encodeEnvelopeHeaders({
            id: eventId,
            type: EVENTS.ehrAppointmentImported.type,
            source: '/carebus/ehr-sync',
            time: new Date(),
            clinicId: c.clinicId,
            dataContentType: 'application/protobuf',
          }),
        },
      ],
    });
  const importedRows = (externalId: string) =>
    asOwner(
      svc,
      async (db) =>
        (
          await db.query(
            `SELECT id, status FROM scheduling.appointments WHERE clinic_id = $1 AND external_id = $2`,
            [c.clinicId, externalId],
          )
        ).rows as { id: string; status: string }[],
    );
  const conflicts = async () =>
    (
      await call<{
        items: { externalId: string; reason: string; conflictingAppointmentId: string | null }[];
      }>(svc, 'GET', '/v1/import-conflicts', staff)
    ).body.items;

  beforeAll(async () => {
    await createTopics(kafka, [topic], 6);
    svc = await startSchedulingWith(
      { clock: new ManualClock(new Date('2027-02-01T12:00:00Z')) },
      {
        EHR_IMPORT_ENABLED: 'true',
        SCHEDULING_EHR_APPOINTMENT_TOPIC: topic,
        SCHEDULING_CONSUMER_GROUP: `scheduling-${suffix}`,
      },
    );
    c = await seedBookableClinic(svc);
    staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    tap = new AppointmentEventTap([c.clinicId]);
    await tap.start();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await tap?.stop();
    await svc?.close();
  });

  it('creates one appointment from an event delivered twice, and emits one booked event', async () => {
    const eventId = randomUUID();
    const payload = imported('ehr-1', '2027-03-01T07:00:00Z', 30);
    await publish('ehr-1', payload, eventId);
    await publish('ehr-1', payload, eventId);
    await publish('ehr-1', payload); // the same EHR copy again under a new event id: stale, no change
    await waitFor(async () => (await importedRows('ehr-1')).length === 1, { timeoutMs: 20000 });
    await waitFor(() => tap.ofType(EVENTS.appointmentBooked.type).length >= 1, { timeoutMs: 15000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await importedRows('ehr-1')).toHaveLength(1);
    expect(tap.ofType(EVENTS.appointmentBooked.type)).toHaveLength(1);
    expect(tap.ofType(EVENTS.appointmentBooked.type)[0]!.payload).toMatchObject({
      appointment: { sourceChannel: 4 /* EHR_IMPORT */ },
    });
  });

  it('records an import that collides with a booking made here as a conflict, not a second booking', async () => {
    const booked = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
      calendarId: c.calendarId,
      appointmentTypeId: c.typeId,
      patientId: c.patientId,
      start: '2027-03-02T08:00:00+01:00',
    });
    await publish('ehr-2', imported('ehr-2', '2027-03-02T07:15:00Z', 30));
    await waitFor(async () => (await conflicts()).some((x) => x.externalId === 'ehr-2'), {
      timeoutMs: 20000,
    });
    expect((await conflicts()).find((x) => x.externalId === 'ehr-2')).toMatchObject({
      reason: 'overlaps_booking',
      conflictingAppointmentId: booked.body.id,
    });
    expect(await importedRows('ehr-2')).toHaveLength(0);
  });

  it('cancels an imported appointment when the EHR cancels it', async () => {
    await publish(
      'ehr-3',
      imported('ehr-3', '2027-03-03T07:00:00Z', 30, EhrAppointmentStatus.BOOKED, '2027-02-01T00:00:00Z'),
    );
    await waitFor(async () => (await importedRows('ehr-3')).length === 1, { timeoutMs: 20000 });
    await publish(
      'ehr-3',
      imported('ehr-3', '2027-03-03T07:00:00Z', 30, EhrAppointmentStatus.CANCELLED, '2027-02-02T00:00:00Z'),
    );
    await waitFor(async () => (await importedRows('ehr-3'))[0]?.status === 'cancelled', { timeoutMs: 20000 });
    const id = (await importedRows('ehr-3'))[0]!.id;
    await waitFor(() => tap.ofType(EVENTS.appointmentCancelled.type).some((e) => e.key === id), {
      timeoutMs: 15000,
    });
  });

  it('marks the events of an imported change with its connection, and a staff change of it with none', async () => {
    await publish('ehr-4', imported('ehr-4', '2027-03-04T07:00:00Z', 30));
    await waitFor(async () => (await importedRows('ehr-4')).length === 1, { timeoutMs: 20000 });
    const id = (await importedRows('ehr-4'))[0]!.id;
    const ofAppointment = (type: string) =>
      tap.ofType(type).filter((e) => e.key === id) as unknown as { payload: AppointmentBooked }[];
    await waitFor(() => ofAppointment(EVENTS.appointmentBooked.type).length === 1, { timeoutMs: 15000 });
    expect(ofAppointment(EVENTS.appointmentBooked.type)[0]!.payload.appointment?.originConnectionId).toBe(
      connectionId,
    );

    const cancelled = await call(svc, 'POST', `/v1/appointments/${id}/cancel`, staff, { reason: 'Staff' });
    expect(cancelled.status).toBe(200);
    await waitFor(() => ofAppointment(EVENTS.appointmentCancelled.type).length === 1, { timeoutMs: 15000 });
    expect(ofAppointment(EVENTS.appointmentCancelled.type)[0]!.payload.appointment?.originConnectionId).toBe(
      '',
    );
  });
});
