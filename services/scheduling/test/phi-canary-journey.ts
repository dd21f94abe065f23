import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS, EhrAppointmentStatus } from '@carebus/contracts';
import { Partitioners } from '@carebus/kafka';
import { createTopics, recordCount, requestJson, waitFor, type CanaryRun } from '@carebus/testing';
import { seedBookableClinic, type BookableClinic } from './booking-fixture';
import { SchedulingGrpcClient, timestamp } from './grpc-client';
import { asOwner } from './scheduling-test-service';

const DAY_MS = 86_400_000;

/**
 * Scheduling's part of the PHI canary test: the canary patient is registered, searched, read,
 * booked (REST and gRPC), cancelled with a free-text reason; updates fail in PostgreSQL (a NUL,
 * a terminated backend, a cut connection); and EHR imports naming the patient are dead-lettered
 * (an impossible one) and retried (one whose write fails). Registering the patient publishes it on
 * scheduling.patient.v1, its name and national id sealed.
 */
export async function schedulingCanaryJourney(run: CanaryRun): Promise<void> {
  const { canaries: p } = run;
  const c = await seedBookableClinic(run);
  const token = await run.issuer.mint({
    sub: `staff-${randomUUID()}`,
    clinicId: c.clinicId,
    roles: ['clinic_admin'],
  });
  const api = async (method: string, path: string, body?: unknown) =>
    requestJson(run.url, method, path, token, body);
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api(method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const patient = await ok('POST', '/v1/patients', {
    name: p.name,
    nationalId: p.nationalId,
    email: p.email,
    phone: p.phone,
  });
  const patientPath = `/v1/patients/${String(patient.id)}`;
  // A duplicate: the unique violation's detail quotes the national id.
  await api('POST', '/v1/patients', { name: p.name, nationalId: p.nationalId });
  await ok('GET', `/v1/patients?name=${encodeURIComponent(p.name)}`);
  await ok('GET', patientPath);

  const [first, second] = await freeSlots(ok, c);
  const booked = await ok('POST', '/v1/appointments', {
    calendarId: c.calendarId,
    appointmentTypeId: c.typeId,
    patientId: patient.id,
    start: first,
    note: p.freeText,
  });
  await ok('POST', `/v1/appointments/${String(booked.id)}/cancel`, { reason: p.freeText });
  await viaGrpc(run, token, c, String(patient.id), second!);

  // Failures inside PostgreSQL while the request carries the patient's data.
  await api('PATCH', patientPath, { name: `${p.name}\u0000` });
  await run.terminateBackendDuring('scheduling.patients', () =>
    api('PATCH', patientPath, { email: p.email }),
  );
  await run.cutDatabaseDuring('scheduling.patients', () =>
    api('GET', `/v1/patients?name=${encodeURIComponent(p.name)}`),
  );

  await ehrImports(run, c);
  await waitFor(
    () =>
      asOwner(
        run,
        async (db) =>
          (await db.query(`SELECT 1 FROM scheduling.outbox WHERE published_at IS NULL`)).rowCount === 0,
      ),
    { what: "the outbox relay published the run's events", timeoutMs: 20_000 },
  );
  // The patient's scheduling.patient.v1 event went to Kafka in this run, so the search covers it:
  // its name and national id may show there only sealed.
  const published = await asOwner(run, async (db) =>
    db.query(
      `SELECT 1 FROM scheduling.outbox WHERE event_type = $1 AND aggregate_id = $2 AND published_at IS NOT NULL`,
      [EVENTS.patientRegistered.type, String(patient.id)],
    ),
  );
  if (published.rowCount !== 1)
    throw new Error('the canary patient was not published on scheduling.patient.v1');
}

type Ok = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Two free in-person slots in the coming weeks. */
async function freeSlots(ok: Ok, c: BookableClinic): Promise<string[]> {
  const from = new Date(Date.now() + 2 * DAY_MS).toISOString();
  const to = new Date(Date.now() + 30 * DAY_MS).toISOString();
  const slots = (await ok(
    'GET',
    `/v1/calendars/${c.calendarId}/slots?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&typeId=${c.typeId}`,
  )) as unknown as { start: string }[];
  if (slots.length < 2) throw new Error('the seeded calendar has fewer than two free slots');
  return slots.slice(0, 2).map((s) => s.start);
}

/** A partner books and cancels over gRPC, the reason again naming the patient. */
async function viaGrpc(run: CanaryRun, token: string, c: BookableClinic, patientId: string, start: string) {
  const grpc = new SchedulingGrpcClient(`127.0.0.1:${run.env.GRPC_PORT}`);
  try {
    const booked = await grpc.call<{ appointment: { appointmentId: string } }>(
      'BookAppointment',
      { calendarId: c.calendarId, appointmentTypeId: c.typeId, patientId, startTime: timestamp(start) },
      token,
    );
    if (!booked.ok) throw new Error(`gRPC BookAppointment failed with status ${booked.code}`);
    await grpc.call(
      'CancelAppointment',
      { appointmentId: booked.body!.appointment.appointmentId, reason: run.canaries.freeText },
      token,
    );
  } finally {
    grpc.close();
  }
}

/**
 * EHR imports naming the canary's EHR id: one whose end precedes its start (dead-lettered at once)
 * and one whose id holds a NUL (its write fails; the runner sends it to the first retry topic).
 */
async function ehrImports(run: CanaryRun, c: BookableClinic): Promise<void> {
  const topic = run.env.SCHEDULING_EHR_APPOINTMENT_TOPIC!;
  const group = run.env.SCHEDULING_CONSUMER_GROUP!;
  await createTopics(run.kafka, [topic]);
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const start = new Date(Date.now() + 40 * DAY_MS);
  const imported = (patientExternalId: string, end: Date) => {
    const externalId = randomUUID();
    const connectionId = randomUUID();
    return {
      key: `${connectionId}:${externalId}`,
      value: Buffer.from(
        encodeEventPayload(EVENTS.ehrAppointmentImported, {
          externalId,
          ehrSystem: 'simulator',
          clinicId: c.clinicId,
          connectionId,
          calendarId: c.calendarId,
          appointmentTypeId: c.typeId,
          patientExternalId,
          startTime: timestampFromDate(start),
          endTime: timestampFromDate(end),
          status: EhrAppointmentStatus.BOOKED,
        }),
      ),
      headers: encodeEnvelopeHeaders({
        id: randomUUID(),
        type: EVENTS.ehrAppointmentImported.type,
        source: '/carebus/ehr-sync',
        time: new Date(),
        clinicId: c.clinicId,
        dataContentType: 'application/protobuf',
      }),
    };
  };
  try {
    await producer.send({
      topic,
      messages: [
        imported(run.canaries.externalId, new Date(start.getTime() - 60_000)),
        imported(`${run.canaries.externalId}\u0000`, new Date(start.getTime() + 30 * 60_000)),
      ],
    });
  } finally {
    await producer.disconnect();
  }
  for (const failed of [`${topic}.${group}.dlq`, `${topic}.${group}.retry.1`]) {
    await waitFor(async () => (await recordCount(run.kafka, failed)) > 0, {
      what: `a record on ${failed}`,
      timeoutMs: 30_000,
    });
  }
}
