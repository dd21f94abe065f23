import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
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

/** One clinic as scheduling holds it: a practitioner owning a calendar, and an appointment type. */
export interface SchedulingClinic {
  clinicId: string;
  practitionerId: string;
  calendarId: string;
  typeId: string;
}

export interface SchedulingProcess {
  child: ServiceProcess;
  /** Seeds the clinic in scheduling's own tables (as the superuser, past row-level security). */
  seedClinic(clinicId: string): Promise<SchedulingClinic>;
  call<T = Record<string, unknown>>(method: string, path: string, token: string): Promise<ApiResponse<T>>;
  /** Scheduling's rows of a clinic, read as the superuser. */
  query<T>(text: string, values: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * The real scheduling service (its built main.js, as production runs it) on the ehr-sync test
 * database, consuming `appointmentTopic` (ehrsync.appointment.v1 of this test) with a consumer
 * group of its own: services never import each other, so the test reaches it only through its
 * process, Kafka, HTTP and its tables.
 */
export async function startSchedulingProcess(
  ehrSync: TestService,
  appointmentTopic: string,
): Promise<SchedulingProcess> {
  const suffix = newTopicSuffix();
  const accessTopic = `test.${suffix}.audit.patient_access.v1`;
  await createTopics(testKafka(), [appointmentTopic, accessTopic], 1);
  const main = builtServiceMain('scheduling');
  const env: Record<string, string> = {
    DATABASE_URL: ehrSync.db.url('carebus_scheduling_app'),
    ...testKafkaEnv(),
    AUTH_ISSUER: ehrSync.issuer.issuer,
    AUTH_JWKS_URL: ehrSync.issuer.jwksUrl,
    GRPC_PORT: String(await freePort()),
    SCHEDULING_CONSUMER_GROUP: `scheduling-${suffix}`,
    SCHEDULING_EHR_APPOINTMENT_TOPIC: appointmentTopic,
    AUDIT_PATIENT_ACCESS_TOPIC: accessTopic,
    PATIENT_ACCESS_LOG_ENABLED: 'false',
    CAREBUS_PATIENT_IDENTITY_KEYS: `v1:${randomBytes(32).toString('base64')}`,
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const migrate = spawnSync(process.execPath, [join(dirname(main), 'migrate.js')], {
    env: { PATH: process.env.PATH, ...env, DATABASE_MIGRATION_URL: ehrSync.db.url('carebus_scheduling') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (migrate.status !== 0) throw new Error(`scheduling migrate.js failed: ${migrate.stderr}`);
  const child = await ServiceProcess.start(main, await freePort(), env);
  const sql = new Client({ connectionString: ehrSync.db.url() });
  await sql.connect();
  return {
    child,
    seedClinic: async (clinicId) => {
      const c = { clinicId, practitionerId: randomUUID(), calendarId: randomUUID(), typeId: randomUUID() };
      await sql.query(`INSERT INTO scheduling.clinics (id, name) VALUES ($1, 'Fjordbyen tannlegesenter')`, [
        clinicId,
      ]);
      await sql.query(
        `INSERT INTO scheduling.practitioners (id, clinic_id, name, profession) VALUES ($1, $2, 'Dr. Test', 'dentist')`,
        [c.practitionerId, clinicId],
      );
      await sql.query(
        `INSERT INTO scheduling.calendars (id, clinic_id, owner_practitioner_id, name, online_bookable)
         VALUES ($1, $2, $3, 'Dr. Test', false)`,
        [c.calendarId, clinicId, c.practitionerId],
      );
      await sql.query(
        `INSERT INTO scheduling.appointment_types (id, clinic_id, name, duration_minutes, contact_surface,
           patient_bookable, hidden) VALUES ($1, $2, 'Checkup', 30, 'in_person', false, false)`,
        [c.typeId, clinicId],
      );
      return c;
    },
    call: (method, path, token) => requestJson(child.url, method, path, token),
    query: async <T>(text: string, values: unknown[]) => (await sql.query(text, values)).rows as T[],
    stop: async () => {
      await sql.end();
      await child.stop();
    },
  };
}
