import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EVENTS } from '@carebus/contracts';
import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { Partitioners } from '@carebus/kafka';
import {
  createTopics,
  newClinicId,
  newTopicSuffix,
  requestJson,
  testKafka,
  waitFor,
  type CanaryParts,
  type CanaryRun,
} from '@carebus/testing';
import { journalNoteSealer, linkIds, publishAppointment, publishJournalEntry } from './write-back-harness';

/** The EHR simulator the retry queue writes to, and a write-back that retries fast. */
export interface WriteBackCanaryParts extends CanaryParts {
  sim: RunningEhrSimulator;
}

/** How long the EHR stays down while the canary's writes wait in the retry queue. */
const OUTAGE_MS = 3_000;

export async function writeBackCanaryParts(): Promise<WriteBackCanaryParts> {
  const suffix = newTopicSuffix();
  const appointments = `test.${suffix}.scheduling.appointment.v1`;
  const journal = `test.${suffix}.messaging.journal_entry.v1`;
  await createTopics(testKafka(), [appointments, journal], 1);
  const sim = await startEhrSimulator({ port: 0, seed: 'canary-queue', practitioners: 2, patients: 5 });
  return {
    sim,
    env: {
      EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: appointments,
      EHR_SYNC_JOURNAL_ENTRY_TOPIC: journal,
      EHR_SYNC_WRITE_BACKOFF_BASE_MS: '200',
      EHR_SYNC_WRITE_BACKOFF_CAP_MS: '1000',
      EHR_SYNC_WRITE_POLL_MS: '100',
      EHR_SYNC_EHR_TIMEOUT_MS: '2000',
      EHR_SYNC_WRITE_LEASE_MS: '5000',
    },
    stop: () => sim.close(),
  };
}

/**
 * The retry queue's part of ehr-sync's canary journey. The canary patient's booking and a journal
 * note holding the canary's name, national id, phone and free text (sealed on Kafka, as messaging
 * seals it) arrive while the EHR is down: they wait in the retry queue through failed attempts,
 * then a 429 with Retry-After, then reach the EHR once. A note for a patient without an EHR link
 * fails (a refusal with the canary in it). No log line or span may show any of it.
 */
export async function writeBackCanaryJourney(run: CanaryRun, { sim }: WriteBackCanaryParts): Promise<void> {
  const { canaries } = run;
  const clinicId = newClinicId();
  const admin = await run.issuer.mint({ sub: `admin-${randomUUID()}`, clinicId, roles: ['clinic_admin'] });
  const api = async (method: string, path: string, body?: unknown) => {
    const answer = await requestJson(run.url, method, path, admin, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}`);
    return answer.body as Record<string, unknown>;
  };
  await api('POST', `/v1/clinics/${clinicId}/key-vault`, { key: randomBytes(32).toString('base64') });
  const connection = await api('POST', `/v1/clinics/${clinicId}/ehr-connections`, {
    style: 'vendor',
    baseUrl: sim.vendorUrl,
    credentials: sim.credentials.vendor,
  });
  const connectionId = connection.id as string;
  const [patientId, calendarId, typeId] = [randomUUID(), randomUUID(), randomUUID()];
  const db = new Client({ connectionString: run.db.url() });
  await db.connect();
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await linkIds({ sql: db }, clinicId, connectionId, [
      ['calendar', calendarId, 'prov-1'],
      ['appointment_type', typeId, 'cls-1'],
      ['patient', patientId, 'pat-1'],
    ]);
    const writes = async () =>
      (
        await db.query<{ subject_id: string; status: string; attempts: number }>(
          `SELECT subject_id, status, attempts FROM ehr_sync.write_queue WHERE clinic_id = $1`,
          [clinicId],
        )
      ).rows;

    await sim.admin.goOffline();
    const note = {
      id: randomUUID(),
      patientId,
      title: `E-consultation from ${canaries.name}`,
      body: `${canaries.name}, ${canaries.nationalId}, ${canaries.phone}: ${canaries.freeText}`,
    };
    const sealer = journalNoteSealer(run.env.CAREBUS_JOURNAL_NOTE_KEYS!);
    const appointmentTopic = run.env.EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC!;
    const journalTopic = run.env.EHR_SYNC_JOURNAL_ENTRY_TOPIC!;
    const booking = {
      id: randomUUID(),
      calendarId,
      patientId,
      typeId,
      start: new Date(Date.UTC(2026, 5, 2, 9)),
      minutes: 30,
    };
    await publishAppointment(producer, appointmentTopic, clinicId, 'booked', booking);
    await publishJournalEntry(producer, journalTopic, sealer, clinicId, note);
    await waitFor(
      async () => {
        const rows = await writes();
        return rows.length === 2 && rows.every((r) => r.status === 'pending' && r.attempts >= 2);
      },
      { what: 'both writes retried while the EHR is down', timeoutMs: 30_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    sim.admin.setFaults({ rateLimit: { retryAfterSeconds: 1, times: 1 } });
    await sim.admin.goOnline();
    await waitFor(async () => (await writes()).every((r) => r.status === 'done'), {
      what: 'both writes in the EHR after the outage',
      timeoutMs: 30_000,
    });
    const applied = sim.admin.writes().map((w) => w.action);
    if (
      applied.filter((a) => a === 'create').length !== 1 ||
      applied.filter((a) => a === 'note').length !== 1
    )
      throw new Error(`the EHR applied ${JSON.stringify(applied)}, not one booking and one note`);

    // A note for a patient the EHR does not know: refused, answered failed.
    const orphan = { ...note, id: randomUUID(), patientId: randomUUID() };
    await publishJournalEntry(producer, journalTopic, sealer, clinicId, orphan);
    await waitFor(
      async () =>
        (
          await db.query(`SELECT 1 FROM ehr_sync.outbox WHERE aggregate_id = $1 AND event_type = $2`, [
            orphan.id,
            EVENTS.journalEntryFailed.type,
          ])
        ).rowCount === 1,
      { what: 'the refused note answered failed', timeoutMs: 30_000 },
    );
  } finally {
    sim.admin.clearFaults();
    await producer.disconnect();
    await db.end();
  }
}
