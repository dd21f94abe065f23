import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  AppointmentStatus,
  DialogueKind,
  DialogueOrigin,
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  PortalAccountState,
  ReachabilityReason,
  type Appointment,
  type EventDefinition,
} from '@carebus/contracts';
import { Partitioners } from '@carebus/kafka';
import { HttpSink, selfSignedCertificate, SmtpSink } from '@carebus/mail-sink';
import { Client } from 'pg';
import {
  createTopics,
  newClinicId,
  recordCount,
  requestJson,
  waitFor,
  type CanaryParts,
  type CanaryRun,
} from '@carebus/testing';
import { appointment, WEBHOOK_SECRET } from './notifications-harness';

/** The mail and webhook sinks the canary's messages go to. */
export interface NotificationSinks extends CanaryParts {
  smtp: SmtpSink;
  http: HttpSink;
}

export async function startNotificationSinks(): Promise<NotificationSinks> {
  const tls = selfSignedCertificate();
  const smtp = new SmtpSink({ port: 0, ...(tls ? { tls } : {}) });
  await smtp.start();
  const http = new HttpSink({ port: 0, smtp, webhookSecret: WEBHOOK_SECRET });
  await http.start();
  return {
    smtp,
    http,
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_TLS_VERIFY: 'false',
      SMS_WEBHOOK_URL: `http://127.0.0.1:${http.port}/webhooks/sms`,
      PUSH_WEBHOOK_URL: `http://127.0.0.1:${http.port}/webhooks/push`,
      WEBHOOK_SECRET,
      DISPATCH_POLL_MS: '50',
    },
    stop: async () => {
      await http.stop();
      await smtp.stop();
    },
  };
}

const DAY_MS = 86_400_000;

/**
 * Notifications' part of the PHI canary test: the canary's contact points are stored and read; an
 * e-mail, a refused e-mail falling back to SMS, and portal messages (appointments, a dialogue
 * notice) go out; a template preview names
 * them; writes fail in PostgreSQL (a NUL, a terminated backend, a cut connection); and an event
 * the consumer rejects, with a reason naming the patient, is dead-lettered.
 */
export async function notificationsCanaryJourney(run: CanaryRun, sinks: NotificationSinks): Promise<void> {
  const p = run.canaries;
  const clinicId = newClinicId();
  const token = await run.issuer.mint({ sub: `admin-${randomUUID()}`, clinicId, roles: ['clinic_admin'] });
  const api = (method: string, path: string, body?: unknown) =>
    requestJson(run.url, method, path, token, body);
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await api(method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const publish = eventPublisher(run);

  await ok('PUT', '/v1/notification-settings', {
    clinicName: 'Fjordbyen legesenter',
    senderEmail: 'post@fjordbyen.example',
    timeZone: 'Europe/Oslo',
    defaultLanguage: 'nb',
    // No quiet hours: the SMS goes out whenever the test runs.
    quietHoursStart: '00:00',
    quietHoursEnd: '00:00',
  });
  const a = appointment(clinicId, new Date(Date.now() + 10 * DAY_MS));
  const contactPath = `/v1/patient-contacts/${a.patientId}`;
  const contact = { name: p.name, email: p.email, phone: p.phone, language: 'nb' };
  await ok('PUT', contactPath, { ...contact, preferredChannel: 'email' });
  await ok('GET', contactPath);

  await publish(EVENTS.appointmentBooked, { appointment: a });
  await waitFor(() => sinks.smtp.messages.some((m) => m.envelopeTo.includes(p.email)), {
    what: "the canary's confirmation e-mail",
    timeoutMs: 20_000,
  });
  // The sink refuses addresses starting with "reject" (550): the change notice fails on e-mail,
  // naming the address in the SMTP error, and falls back to SMS.
  await ok('PUT', contactPath, { ...contact, email: `reject.${p.email}`, preferredChannel: 'email' });
  const moved = { ...a, startTime: timestampFromDate(new Date(Date.now() + 11 * DAY_MS)) };
  await publish(EVENTS.appointmentRescheduled, { appointment: moved });
  await waitFor(() => sinks.http.requests.some((r) => r.channel === 'sms'), {
    what: "the canary's SMS after the refused e-mail",
    timeoutMs: 20_000,
  });
  // Portal-reachable now: a second appointment's confirmation (naming the patient) and its
  // cancellation go out as portal messages, whose subject and body are declared patient data.
  await reachable(run, clinicId, a.patientId);
  await waitFor(
    async () => ((await ok('GET', contactPath)) as { portalReachable?: boolean }).portalReachable,
    {
      what: 'the canary reachable through the portal',
      timeoutMs: 20_000,
    },
  );
  const b = {
    ...a,
    appointmentId: randomUUID(),
    startTime: timestampFromDate(new Date(Date.now() + 12 * DAY_MS)),
  };
  const portalSent = (kind: string) =>
    waitFor(
      async () => {
        const path = `/v1/notifications?appointmentId=${b.appointmentId}&channel=portal&kind=${kind}&status=sent`;
        const items = (await ok('GET', path)).items as { id: string }[];
        return items[0];
      },
      { what: `the canary's ${kind} portal message`, timeoutMs: 20_000 },
    );
  await publish(EVENTS.appointmentBooked, { appointment: b });
  const confirmation = await portalSent('booking_confirmation');
  await publish(EVENTS.appointmentCancelled, {
    appointment: { ...b, status: AppointmentStatus.CANCELLED },
    reason: p.freeText,
  });
  await portalSent('appointment_cancelled');
  // The clinic writes to the canary in a dialogue: the notice (naming the patient, never the
  // dialogue's text, which messaging does not send) goes out as a portal message too.
  await dialogueToPatient(run, clinicId, a.patientId);
  await waitFor(
    async () => {
      const path = `/v1/notifications?recipientId=${a.patientId}&channel=portal&kind=new_dialogue&status=sent`;
      return ((await ok('GET', path)).items as unknown[])[0];
    },
    { what: "the canary's dialogue notice", timeoutMs: 20_000 },
  );
  await ok('GET', `/v1/notifications/${confirmation.id}`);
  await ok('POST', '/v1/templates/preview', {
    kind: 'booking_confirmation',
    language: 'nb',
    variables: { patientName: p.name },
  });

  // Failures inside PostgreSQL while the request carries the patient's data.
  await api('PUT', contactPath, { ...contact, name: `${p.name}\u0000` });
  await run.terminateBackendDuring('notifications.patient_contacts', () => api('PUT', contactPath, contact));
  await run.cutDatabaseDuring('notifications.patient_contacts', () => api('GET', contactPath));

  // An event the consumer rejects (no appointment) whose reason names the patient.
  await publish(EVENTS.appointmentCancelled, { reason: p.freeText }, clinicId);
  const dlq = `${run.env.NOTIFICATIONS_APPOINTMENT_TOPIC}.${run.env.NOTIFICATIONS_CONSUMER_GROUP}.dlq`;
  await waitFor(async () => (await recordCount(run.kafka, dlq)) > 0, {
    what: `a record on ${dlq}`,
    timeoutMs: 30_000,
  });
  await waitFor(() => outboxPublished(run), {
    what: "the outbox relay published the run's events",
    timeoutMs: 20_000,
  });
}

/** Publishes appointment events to the instance's own appointment topic, as scheduling would. */
/** Messaging's decision that the patient is reachable through the portal, as messaging publishes it. */
async function reachable(run: CanaryRun, clinicId: string, patientId: string): Promise<void> {
  const topic = run.env.NOTIFICATIONS_REACHABILITY_TOPIC!;
  await createTopics(run.kafka, [topic]);
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const definition = EVENTS.patientReachabilityChanged;
    await producer.send({
      topic,
      messages: [
        {
          key: patientId,
          value: Buffer.from(
            encodeEventPayload(definition, {
              clinicId,
              patientId,
              reachable: true,
              reason: ReachabilityReason.REACHABLE,
              version: 1n,
              consent: true,
              portalAccount: PortalAccountState.ACTIVE,
              changedAt: timestampFromDate(new Date()),
            }),
          ),
          headers: encodeEnvelopeHeaders({
            id: randomUUID(),
            type: definition.type,
            source: '/carebus/messaging',
            time: new Date(),
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

/** Messaging's notice that the clinic wrote to the patient in a dialogue (ids only). */
async function dialogueToPatient(run: CanaryRun, clinicId: string, patientId: string): Promise<void> {
  const topic = run.env.NOTIFICATIONS_DIALOGUE_TOPIC!;
  await createTopics(run.kafka, [topic]);
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const threadId = randomUUID();
  try {
    const definition = EVENTS.dialogueMessagePosted;
    await producer.send({
      topic,
      messages: [
        {
          key: threadId,
          value: Buffer.from(
            encodeEventPayload(definition, {
              clinicId,
              threadId,
              messageId: randomUUID(),
              kind: DialogueKind.E_DIALOGUE,
              origin: DialogueOrigin.STAFF,
              newThread: true,
              patientId,
              postedAt: timestampFromDate(new Date()),
            }),
          ),
          headers: encodeEnvelopeHeaders({
            id: randomUUID(),
            type: definition.type,
            source: '/carebus/messaging',
            time: new Date(),
            clinicId,
            dataContentType: 'application/protobuf',
          }),
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

function eventPublisher(run: CanaryRun) {
  const topic = run.env.NOTIFICATIONS_APPOINTMENT_TOPIC!;
  return async (
    definition: EventDefinition,
    init: { appointment?: Appointment; reason?: string },
    clinicId?: string,
  ) => {
    await createTopics(run.kafka, [topic]);
    const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          {
            key: init.appointment?.appointmentId ?? randomUUID(),
            value: Buffer.from(encodeEventPayload(definition, init as never)),
            headers: encodeEnvelopeHeaders({
              id: randomUUID(),
              type: definition.type,
              source: '/carebus/scheduling',
              time: new Date(),
              clinicId: init.appointment?.clinicId ?? clinicId!,
              dataContentType: 'application/protobuf',
            }),
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
  };
}

async function outboxPublished(run: CanaryRun): Promise<boolean> {
  // The superuser: the owner sees no clinic's outbox rows (forced row-level security).
  const db = new Client({ connectionString: run.db.url() });
  await db.connect();
  try {
    return (await db.query(`SELECT 1 FROM notifications.outbox WHERE published_at IS NULL`)).rowCount === 0;
  } finally {
    await db.end();
  }
}
