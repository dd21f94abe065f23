import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Partitioners, type Producer } from '@carebus/kafka';
import { Client } from 'pg';
import {
  AppointmentStatus,
  ContactSurface,
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  type Appointment,
  type EventDefinition,
} from '@carebus/contracts';
import {
  appointmentEventRecord,
  createTopics,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
  requestJson,
  type ApiResponse,
} from '@carebus/testing';
import { HttpSink, selfSignedCertificate, SmtpSink } from '@carebus/mail-sink';
import type { Clock } from '@carebus/platform';
import { AppModule } from '../src/app.module';
import { Dispatcher } from '../src/delivery/dispatcher';
import type { SendHooks } from '../src/delivery/send-hooks';
import { isolatedNotificationsTopics, NOTIFICATIONS_UNDER_TEST } from './notifications-under-test';

export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

export interface Harness {
  svc: TestService;
  smtp: SmtpSink;
  http: HttpSink;
  producer: Producer;
  topics: {
    appointment: string;
    alert: string;
    clinic: string;
    dialogue: string;
    reachability: string;
    device: string;
  };
  env: Record<string, string>;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** Sinks on random ports, suffixed topics and group, and the service in-process against them. */
export async function startHarness(
  options: { clock?: Clock; hooks?: SendHooks; env?: Record<string, string>; tls?: boolean } = {},
): Promise<Harness> {
  const isolated = isolatedNotificationsTopics();
  const topics = {
    appointment: isolated.NOTIFICATIONS_APPOINTMENT_TOPIC,
    alert: isolated.NOTIFICATIONS_ALERT_TOPIC,
    clinic: isolated.NOTIFICATIONS_CLINIC_TOPIC,
    dialogue: isolated.NOTIFICATIONS_DIALOGUE_TOPIC,
    reachability: isolated.NOTIFICATIONS_REACHABILITY_TOPIC,
    device: isolated.NOTIFICATIONS_DEVICE_TOPIC,
  };
  const kafka = testKafka();
  await createTopics(kafka, Object.values(topics), 3);
  const tls = options.tls === false ? null : selfSignedCertificate();
  const smtp = new SmtpSink({ port: 0, ...(tls ? { tls } : {}) });
  await smtp.start();
  const http = new HttpSink({ port: 0, smtp, webhookSecret: WEBHOOK_SECRET });
  await http.start();
  const env: Record<string, string> = {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMTP_TLS_VERIFY: 'false',
    SMS_WEBHOOK_URL: `http://127.0.0.1:${http.port}/webhooks/sms`,
    PUSH_WEBHOOK_URL: `http://127.0.0.1:${http.port}/webhooks/push`,
    WEBHOOK_SECRET,
    WEBHOOK_RETRY_DELAY_MS: '50',
    ...isolated,
    DISPATCH_POLL_MS: '50',
    RETRY_BASE_MS: '200',
    RETRY_MAX_MS: '2000',
    ...options.env,
  };
  const svc = await startTestService(
    {
      ...NOTIFICATIONS_UNDER_TEST,
      appModule: (config) =>
        AppModule.forRoot(config, {
          ...(options.clock ? { clock: options.clock } : {}),
          ...(options.hooks ? { hooks: options.hooks } : {}),
        }),
    },
    env,
  );
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  await producer.connect();
  return {
    svc,
    smtp,
    http,
    producer,
    topics,
    env,
    dispatcher: svc.app.get(Dispatcher),
    close: async () => {
      await producer.disconnect();
      await svc.close();
      await http.stop();
      await smtp.stop();
    },
  };
}

export function adminToken(
  h: Harness,
  clinicId: string,
  roles: string[] = ['clinic_admin'],
): Promise<string> {
  return h.svc.issuer.mint({ sub: `admin-${randomUUID()}`, clinicId, roles } as never);
}

export type { ApiResponse };

export function call<T = Record<string, unknown>>(
  h: Harness,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<ApiResponse<T>> {
  return requestJson<T>(h.svc.url, method, path, token, body);
}

/**
 * The clinic's notification settings (Oslo time, bokmål, quiet hours 21–08 unless overridden);
 * fails the test unless they are accepted.
 */
export async function configureClinic(
  h: Harness,
  token: string,
  settings: { clinicName: string; senderEmail: string } & Record<string, unknown>,
): Promise<void> {
  const res = await call(h, 'PUT', '/v1/notification-settings', token, {
    timeZone: 'Europe/Oslo',
    defaultLanguage: 'nb',
    quietHoursStart: '21:00',
    quietHoursEnd: '08:00',
    ...settings,
  });
  if (res.status !== 200)
    throw new Error(`notification settings refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/**
 * SQL as the database superuser (no row-level security), for checking rows. (The schema owner no
 * longer passes row-level security: it is forced on it too.)
 */
export async function asOwner<T>(h: Harness, work: (db: Client) => Promise<T>): Promise<T> {
  const owner = new Client({ connectionString: h.svc.db.url() });
  await owner.connect();
  try {
    return await work(owner);
  } finally {
    await owner.end();
  }
}

export function appointment(
  clinicId: string,
  start: Date,
  overrides: Partial<Appointment> = {},
): Appointment {
  return {
    $typeName: 'carebus.scheduling.v1.Appointment',
    appointmentId: randomUUID(),
    clinicId,
    calendarId: randomUUID(),
    practitionerId: '',
    patientId: randomUUID(),
    appointmentTypeId: randomUUID(),
    startTime: timestampFromDate(start),
    endTime: timestampFromDate(new Date(start.getTime() + 20 * 60_000)),
    contactSurface: ContactSurface.IN_PERSON,
    status: AppointmentStatus.BOOKED,
    hidden: false,
    sourceChannel: 1,
    notificationsEnabled: true,
    appointmentTypeName: 'Konsultasjon',
    patientInformation: '',
    // 0: no version, as from a producer before versions; tests of version order set their own.
    version: 0n,
    ...overrides,
  } as Appointment;
}

type Change = 'booked' | 'rescheduled' | 'cancelled';
const DEFINITION: Record<Change, EventDefinition> = {
  booked: EVENTS.appointmentBooked,
  rescheduled: EVENTS.appointmentRescheduled,
  cancelled: EVENTS.appointmentCancelled,
};

/** Publishes a scheduling.appointment.v1 event to the harness's topic; returns its event id. */
export async function publishAppointment(
  h: Harness,
  change: Change,
  a: Appointment,
  eventId: string = randomUUID(),
): Promise<string> {
  await h.producer.send({ topic: h.topics.appointment, messages: [appointmentRecord(change, a, eventId)] });
  return eventId;
}

/**
 * Publishes several scheduling.appointment.v1 events in one request, in order (one appointment's
 * land in one partition, so the consumer reads them together); returns their event ids.
 */
export async function publishAppointments(
  h: Harness,
  events: { change: Change; appointment: Appointment }[],
): Promise<string[]> {
  const ids = events.map(() => randomUUID());
  await h.producer.send({
    topic: h.topics.appointment,
    messages: events.map((e, i) => appointmentRecord(e.change, e.appointment, ids[i]!)),
  });
  return ids;
}

function appointmentRecord(change: Change, a: Appointment, eventId: string) {
  return appointmentEventRecord(a, { definition: DEFINITION[change], eventId });
}

/** Publishes an event of another service to one of the harness's topics, as that service would; returns its event id. */
export async function publishEvent(
  h: Harness,
  topic: string,
  definition: EventDefinition,
  clinicId: string,
  key: string,
  init: object,
  eventId: string = randomUUID(),
): Promise<string> {
  await h.producer.send({
    topic,
    messages: [
      {
        key,
        value: Buffer.from(encodeEventPayload(definition, init as never)),
        headers: encodeEnvelopeHeaders({
          id: eventId,
          type: definition.type,
          source: `/carebus/${definition.type.split('.')[1]}`,
          time: new Date(),
          clinicId,
          dataContentType: 'application/protobuf',
        }),
      },
    ],
  });
  return eventId;
}

export async function publishAlert(
  h: Harness,
  definition: EventDefinition,
  clinicId: string,
  key: string,
  init: object,
): Promise<string> {
  const eventId = randomUUID();
  await h.producer.send({
    topic: h.topics.alert,
    messages: [
      {
        key,
        value: Buffer.from(encodeEventPayload(definition, init as never)),
        headers: encodeEnvelopeHeaders({
          id: eventId,
          type: definition.type,
          source: '/carebus/ehr-sync',
          time: new Date(),
          clinicId,
          dataContentType: 'application/protobuf',
        }),
      },
    ],
  });
  return eventId;
}

export interface ClinicInit {
  name: string;
  timeZone: string;
  clinicalAdminEmail: string;
  version: number;
}

/** Publishes a scheduling.clinic.v1 event (created for version 1, else updated); returns its event id. */
export async function publishClinic(h: Harness, clinicId: string, c: ClinicInit): Promise<string> {
  const eventId = randomUUID();
  const definition: EventDefinition = c.version === 1 ? EVENTS.clinicCreated : EVENTS.clinicUpdated;
  const payload = encodeEventPayload(definition, {
    clinicId,
    name: c.name,
    timeZone: c.timeZone,
    clinicalAdminEmail: c.clinicalAdminEmail,
    version: BigInt(c.version),
    updatedAt: timestampFromDate(new Date()),
  } as never);
  await h.producer.send({
    topic: h.topics.clinic,
    messages: [
      {
        key: clinicId,
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

/** Whether a consumer of the service has claimed the event in its inbox (it was handled). */
export async function handled(h: Harness, eventId: string): Promise<boolean> {
  return asOwner(h, async (db) => {
    const res = await db.query(`SELECT 1 FROM notifications.processed_events WHERE event_id = $1`, [eventId]);
    return (res.rowCount ?? 0) > 0;
  });
}

export async function notificationRows(
  h: Harness,
  clinicId: string,
): Promise<
  {
    id: string;
    kind: string;
    status: string;
    channels: string[];
    channel_index: number;
    due_at: Date;
    last_error: string | null;
  }[]
> {
  return asOwner(
    h,
    async (db) =>
      (
        await db.query(
          `SELECT * FROM notifications.notifications WHERE clinic_id = $1 ORDER BY created_at, id`,
          [clinicId],
        )
      ).rows,
  );
}

export const waitUntil = waitFor;
