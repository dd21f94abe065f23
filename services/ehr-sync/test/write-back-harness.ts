import { randomBytes, randomUUID } from 'node:crypto';
import { toBinary } from '@bufbuild/protobuf';
import { FieldSealer, KeyRing } from '@carebus/crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { RunningEhrSimulator } from '@carebus/ehr-simulator';
import { Partitioners, type Producer } from '@carebus/kafka';
import {
  AppointmentStatus,
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  JournalNoteSchema,
  TOPICS,
} from '@carebus/contracts';
import { createTopics, newClinicId, newTopicSuffix, testKafka } from '@carebus/testing';
import { newSek, startVaultHarness, type VaultHarness } from './key-vault-harness';

export type AppointmentEventKind = 'booked' | 'rescheduled' | 'cancelled';

/** An appointment as the test's scheduling stand-in books it. */
export interface TestAppointment {
  id: string;
  calendarId: string;
  patientId: string;
  typeId: string;
  start: Date;
  minutes: number;
  origin?: string;
}

/** ehr-sync with its write-back consuming a topic of this test alone and draining fast. */
export interface WriteBackHarness {
  h: VaultHarness;
  topic: string;
  producer: Producer;
  /** The journal-note topic of this test; the note sealed as messaging seals it. */
  journalTopic: string;
  requestJournalEntry(
    clinicId: string,
    entry: { id: string; patientId: string; title: string; body: string },
    eventId?: string,
  ): Promise<string>;
  /** Publishes a scheduling appointment event as scheduling's relay would. */
  publish(
    clinicId: string,
    kind: AppointmentEventKind,
    a: TestAppointment,
    eventId?: string,
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startWriteBackHarness(env: Record<string, string> = {}): Promise<WriteBackHarness> {
  const suffix = newTopicSuffix();
  const topic = `test.${suffix}.scheduling.appointment.v1`;
  const journalTopic = `test.${suffix}.messaging.journal_entry.v1`;
  const kafka = testKafka();
  await createTopics(kafka, [topic, journalTopic], 6);
  const ring = `v1:${randomBytes(32).toString('base64')}`;
  const sealer = journalNoteSealer(ring);
  const h = await startVaultHarness({
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: topic,
    EHR_SYNC_WRITE_BACK_GROUP: `ehr-sync-write-back-${suffix}`,
    EHR_SYNC_JOURNAL_GROUP: `ehr-sync-journal-${suffix}`,
    EHR_SYNC_WRITE_BACKOFF_BASE_MS: '200',
    EHR_SYNC_WRITE_BACKOFF_CAP_MS: '2000',
    EHR_SYNC_WRITE_POLL_MS: '100',
    EHR_SYNC_EHR_TIMEOUT_MS: '3000',
    EHR_SYNC_WRITE_LEASE_MS: '6000',
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: journalTopic,
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: `test.${suffix}.ehrsync.journal_entry.v1`,
    CAREBUS_JOURNAL_NOTE_KEYS: ring,
    ...env,
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  const publish: WriteBackHarness['publish'] = (clinicId, kind, a, eventId) =>
    publishAppointment(producer, topic, clinicId, kind, a, eventId);
  const requestJournalEntry: WriteBackHarness['requestJournalEntry'] = (clinicId, entry, eventId) =>
    publishJournalEntry(producer, journalTopic, sealer, clinicId, entry, eventId);
  return {
    h,
    topic,
    journalTopic,
    requestJournalEntry,
    producer,
    publish,
    close: async () => {
      await producer.disconnect();
      await h.close();
    },
  };
}

/** A clinic with its key stored and a vendor-style connection to the simulator; answers its ids. */
export async function connectClinic(
  h: VaultHarness,
  sim: RunningEhrSimulator,
  style: 'vendor' | 'fhir_r4' = 'vendor',
): Promise<{ clinicId: string; admin: string; connectionId: string }> {
  const clinicId = newClinicId();
  const admin = await h.token(clinicId, ['clinic_admin'], 'admin-write-back');
  const stored = await h.call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() });
  if (stored.status !== 201) throw new Error(`storing the key answered ${stored.status}`);
  const body =
    style === 'vendor'
      ? { style, baseUrl: sim.vendorUrl, credentials: sim.credentials.vendor }
      : {
          style,
          baseUrl: sim.fhirUrl,
          credentials: {
            clientId: sim.credentials.fhir.clientId,
            clientSecret: sim.credentials.fhir.clientSecret,
          },
        };
  const created = await h.call('POST', `/v1/clinics/${clinicId}/ehr-connections`, admin, body);
  if (created.status !== 201) throw new Error(`connecting answered ${created.status}`);
  return { clinicId, admin, connectionId: created.body.id as string };
}

/** Links Carebus ids to the EHR's (what mapping and import would have recorded), as the superuser. */
export async function linkIds(
  h: Pick<VaultHarness, 'sql'>,
  clinicId: string,
  connectionId: string,
  links: [kind: string, carebusId: string, externalId: string][],
): Promise<void> {
  for (const [kind, carebusId, externalId] of links) {
    await h.sql.query(
      `INSERT INTO ehr_sync.ehr_links (clinic_id, connection_id, kind, carebus_id, external_id, linked_at)
       VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (connection_id, kind, carebus_id) DO UPDATE SET external_id = EXCLUDED.external_id`,
      [clinicId, connectionId, kind, carebusId, externalId],
    );
  }
}

/** The clinic's queued writes by status (as the superuser). */
export async function writeCounts(h: VaultHarness, clinicId: string): Promise<Record<string, number>> {
  const { rows } = await h.sql.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM ehr_sync.write_queue WHERE clinic_id = $1 GROUP BY status`,
    [clinicId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Publishes a scheduling appointment event to `topic` as scheduling's relay would; answers its event id. */
export async function publishAppointment(
  producer: Producer,
  topic: string,
  clinicId: string,
  kind: AppointmentEventKind,
  a: TestAppointment,
  eventId: string = randomUUID(),
): Promise<string> {
  const appointment = {
    appointmentId: a.id,
    clinicId,
    calendarId: a.calendarId,
    patientId: a.patientId,
    appointmentTypeId: a.typeId,
    startTime: timestampFromDate(a.start),
    endTime: timestampFromDate(new Date(a.start.getTime() + a.minutes * 60_000)),
    status: kind === 'cancelled' ? AppointmentStatus.CANCELLED : AppointmentStatus.BOOKED,
    originConnectionId: a.origin ?? '',
  };
  const definition =
    kind === 'booked'
      ? EVENTS.appointmentBooked
      : kind === 'rescheduled'
        ? EVENTS.appointmentRescheduled
        : EVENTS.appointmentCancelled;
  const payload =
    kind === 'booked'
      ? encodeEventPayload(EVENTS.appointmentBooked, { appointment })
      : kind === 'rescheduled'
        ? encodeEventPayload(EVENTS.appointmentRescheduled, { appointment })
        : encodeEventPayload(EVENTS.appointmentCancelled, { appointment });
  await producer.send({
    topic,
    messages: [
      {
        key: a.id,
        value: Buffer.from(payload),
        headers: encodeEnvelopeHeaders({
          id: eventId,
          type: definition.type,
          source: '/carebus/scheduling',
          time: new Date(),
          clinicId,
          dataContentType: 'application/protobuf',
        }),
      },
    ],
  });
  return eventId;
}

/** Publishes messaging's JournalEntryRequested to `topic`, the note sealed as messaging seals it; answers its event id. */
export async function publishJournalEntry(
  producer: Producer,
  topic: string,
  sealer: FieldSealer,
  clinicId: string,
  entry: { id: string; patientId: string; title: string; body: string },
  eventId: string = randomUUID(),
): Promise<string> {
  const note = toBinary(JournalNoteSchema, {
    $typeName: 'carebus.messaging.v1.JournalNote',
    title: entry.title,
    body: entry.body,
  });
  const sealedNote = sealer.seal(note, `${TOPICS.messagingJournalEntry}|${clinicId}|${entry.id}`);
  const payload = encodeEventPayload(EVENTS.journalEntryRequested, {
    journalEntryId: entry.id,
    clinicId,
    threadId: randomUUID(),
    patientId: entry.patientId,
    authorPractitionerId: randomUUID(),
    requestedAt: timestampFromDate(new Date()),
    sealedNote,
  });
  await producer.send({
    topic,
    messages: [
      {
        key: entry.id,
        value: Buffer.from(payload),
        headers: encodeEnvelopeHeaders({
          id: eventId,
          type: EVENTS.journalEntryRequested.type,
          source: '/carebus/messaging',
          time: new Date(),
          clinicId,
          dataContentType: 'application/protobuf',
        }),
      },
    ],
  });
  return eventId;
}

/** The journal-note sealer of a ring as messaging holds it (`v1:<base64>,…`). */
export const journalNoteSealer = (ring: string): FieldSealer =>
  FieldSealer.of('journal-note', KeyRing.parse(ring, undefined, { list: 'ring', active: 'active' }));
