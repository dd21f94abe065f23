import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { RunningEhrSimulator } from '@carebus/ehr-simulator';
import {
  builtServiceMain,
  createTopics,
  freePort,
  newTopicSuffix,
  requestJson,
  ServiceProcess,
  testKafka,
  testKafkaEnv,
  type ApiResponse,
  type TestService,
} from '@carebus/testing';

export interface EhrSyncProcess {
  child: ServiceProcess;
  /** Stores the clinic's key and connects it to the simulator's vendor API; answers the connection id. */
  connect(clinicId: string, sim: RunningEhrSimulator): Promise<string>;
  /** Records that a Carebus patient is the EHR's `externalId` (what mapping or import would record). */
  linkPatient(clinicId: string, connectionId: string, patientId: string, externalId: string): Promise<void>;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<ApiResponse<T>>;
  stop(): Promise<number | null>;
}

/** What ehr-sync shares with messaging: the journal topics both ends use, and the journal-note ring. */
export interface JournalWiring {
  journalEntryTopic: string;
  filingAnswerTopic: string;
  journalNoteKeys: string;
}

/**
 * The real ehr-sync service (its built main.js, as production runs it) on the messaging test
 * database, reading messaging's journal-entry topic and answering on the topic messaging reads,
 * with the journal-note ring messaging seals under: services never import each other, so the test
 * reaches it only through its process, Kafka, REST and its tables. Every other topic and group
 * is its own; writes drain fast.
 */
export async function startEhrSyncProcess(
  messaging: TestService,
  wiring: JournalWiring,
): Promise<EhrSyncProcess> {
  const suffix = newTopicSuffix();
  const topic = (name: string) => `test.${suffix}.${name}`;
  const consumed = {
    EHR_SYNC_CLINIC_TOPIC: topic('scheduling.clinic.v1'),
    EHR_SYNC_CALENDAR_TOPIC: topic('scheduling.calendar.v1'),
    EHR_SYNC_PRACTITIONER_TOPIC: topic('scheduling.practitioner.v1'),
    EHR_SYNC_APPOINTMENT_TYPE_TOPIC: topic('scheduling.appointment_type.v1'),
    EHR_SYNC_SCHEDULING_APPOINTMENT_TOPIC: topic('scheduling.appointment.v1'),
    EHR_SYNC_JOURNAL_ENTRY_TOPIC: wiring.journalEntryTopic,
  };
  await createTopics(testKafka(), [...Object.values(consumed), wiring.filingAnswerTopic], 1);
  const main = builtServiceMain('ehr-sync');
  const env: Record<string, string> = {
    DATABASE_URL: messaging.db.url('carebus_ehr_sync_app'),
    ...testKafkaEnv(),
    AUTH_ISSUER: messaging.issuer.issuer,
    AUTH_JWKS_URL: messaging.issuer.jwksUrl,
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    GRPC_PORT: String(await freePort()),
    EHR_SYNC_KEKS: `v1:${randomBytes(32).toString('base64')}`,
    EHR_SYNC_ALERT_TOPIC: topic('ehrsync.alert.v1'),
    EHR_SYNC_APPOINTMENT_TOPIC: topic('ehrsync.appointment.v1'),
    EHR_SYNC_CONSUMER_GROUP: `ehr-sync-${suffix}`,
    EHR_SYNC_WRITE_BACK_GROUP: `ehr-sync-write-back-${suffix}`,
    EHR_SYNC_JOURNAL_GROUP: `ehr-sync-journal-${suffix}`,
    ...consumed,
    EHR_SYNC_JOURNAL_ANSWER_TOPIC: wiring.filingAnswerTopic,
    CAREBUS_JOURNAL_NOTE_KEYS: wiring.journalNoteKeys,
    EHR_SYNC_RUNNER_ENABLED: 'false',
    EHR_SYNC_WRITE_POLL_MS: '100',
    EHR_SYNC_WRITE_BACKOFF_BASE_MS: '200',
    EHR_SYNC_WRITE_BACKOFF_CAP_MS: '2000',
    EHR_SYNC_EHR_TIMEOUT_MS: '3000',
    EHR_SYNC_WRITE_LEASE_MS: '6000',
  };
  const migrate = spawnSync(process.execPath, [join(dirname(main), 'migrate.js')], {
    env: { PATH: process.env.PATH, ...env, DATABASE_MIGRATION_URL: messaging.db.url('carebus_ehr_sync') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (migrate.status !== 0) throw new Error(`ehr-sync migrate.js failed: ${migrate.stderr}`);
  const child = await ServiceProcess.start(main, await freePort(), env);
  const call: EhrSyncProcess['call'] = (method, path, token, body) =>
    requestJson(child.url, method, path, token, body);
  return {
    child,
    call,
    connect: async (clinicId, sim) => {
      const admin = await messaging.issuer.mint({ sub: 'admin-ehr', roles: ['clinic_admin'], clinicId });
      const key = randomBytes(32).toString('base64');
      const stored = await call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key });
      if (stored.status !== 201) throw new Error(`storing the clinic's key answered ${stored.status}`);
      const created = await call<{ id: string }>('POST', `/v1/clinics/${clinicId}/ehr-connections`, admin, {
        style: 'vendor',
        baseUrl: sim.vendorUrl,
        credentials: sim.credentials.vendor,
      });
      if (created.status !== 201) throw new Error(`connecting answered ${created.status}`);
      return created.body.id;
    },
    linkPatient: async (clinicId, connectionId, patientId, externalId) => {
      const sql = new Client({ connectionString: messaging.db.url() });
      await sql.connect();
      try {
        await sql.query(
          `INSERT INTO ehr_sync.ehr_links (clinic_id, connection_id, kind, carebus_id, external_id, linked_at)
           VALUES ($1, $2, 'patient', $3, $4, now())`,
          [clinicId, connectionId, patientId, externalId],
        );
      } finally {
        await sql.end();
      }
    },
    stop: () => child.stop(),
  };
}
