import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS, NotificationKind } from '@carebus/contracts';
import { Partitioners } from '@carebus/kafka';
import { startPortalSimulator, type RunningPortalSimulator } from '@carebus/portal-simulator';
import { Client } from 'pg';
import {
  createTopics,
  newClinicId,
  requestJson,
  waitFor,
  type CanaryParts,
  type CanaryRun,
} from '@carebus/testing';
import { FAST_RETRIES } from './portal-world';

/** The portal simulator the canary's messages go to. */
export interface PortalParts extends CanaryParts {
  portal: RunningPortalSimulator;
}

export async function startPortalParts(): Promise<PortalParts> {
  const portal = await startPortalSimulator({ seed: 'canary' });
  return {
    portal,
    env: {
      MESSAGING_PORTAL_URL: portal.url,
      MESSAGING_PORTAL_CLIENT_ID: portal.credentials.clientId,
      MESSAGING_PORTAL_CLIENT_SECRET: portal.credentials.clientSecret,
      ...FAST_RETRIES,
    },
    stop: () => portal.close(),
  };
}

/**
 * Messaging's part of the PHI canary test: the canary's national id is recorded, pushed by the
 * portal and refused in a malformed write; an answer naming the canary and a notification's portal
 * message (consumed from Kafka) go to the portal; writes fail in PostgreSQL mid-request.
 */
export async function messagingCanaryJourney(run: CanaryRun, parts: PortalParts): Promise<void> {
  const p = run.canaries;
  const clinicId = newClinicId();
  const staff = await run.issuer.mint({ sub: `gp-${randomUUID()}`, clinicId, roles: ['staff'] });
  const api = (method: string, path: string, body?: unknown) =>
    requestJson(run.url, method, path, staff, body);
  const patientId = randomUUID();
  const patientPath = `/v1/clinics/${clinicId}/patients/${patientId}`;
  const expectStatus = async (status: number, answer: Promise<{ status: number }>) => {
    const got = (await answer).status;
    if (got !== status) throw new Error(`expected ${status}, got ${got}`);
  };

  await expectStatus(400, api('PUT', `${patientPath}/national-id`, { nationalId: p.name }));
  await expectStatus(200, api('PUT', `${patientPath}/national-id`, { nationalId: p.nationalId }));
  await expectStatus(200, api('PUT', `${patientPath}/consent`, { consent: true }));
  parts.portal.admin.connectMessaging({
    url: run.url,
    token: () => run.issuer.mint({ sub: 'national-portal', clinicId, roles: ['partner'] }),
  });
  const pushed = await parts.portal.admin.setCitizen(p.nationalId, 'active', true);
  if (pushed?.status !== 200) throw new Error(`portal push answered ${pushed?.status}`);
  await expectStatus(200, api('GET', `${patientPath}/reachability`));

  const answer = await api('POST', `/v1/clinics/${clinicId}/portal-deliveries`, {
    patientId,
    kind: 'renewal_answer',
    renewalOutcome: 'partly_renewed',
    renewedItems: [p.freeText],
    idempotencyKey: `canary-${randomUUID()}`,
    subject: `Til ${p.name}`,
    body: `Hei ${p.name}, ${p.freeText}. Ring ${p.phone} eller skriv til ${p.email}.`,
  });
  if (answer.status !== 202) throw new Error(`portal answer answered ${answer.status}`);

  // notifications' portal message naming the canary, over the broker.
  const topic = run.env.MESSAGING_PORTAL_MESSAGE_TOPIC!;
  await createTopics(run.kafka, [topic]);
  const producer = run.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const portalMessageId = randomUUID();
  try {
    await producer.send({
      topic,
      messages: [
        {
          key: portalMessageId,
          value: Buffer.from(
            encodeEventPayload(EVENTS.portalMessageRequested, {
              portalMessageId,
              clinicId,
              patientId,
              kind: NotificationKind.BOOKING_CONFIRMATION,
              subject: `Time for ${p.name}`,
              body: `Hei ${p.name}, velkommen.`,
              requestedAt: timestampFromDate(new Date()),
            }),
          ),
          headers: encodeEnvelopeHeaders({
            id: randomUUID(),
            type: EVENTS.portalMessageRequested.type,
            source: '/carebus/notifications',
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
  await waitFor(() => parts.portal.admin.messages().length >= 2, {
    what: "the canary's answer and confirmation at the portal",
    timeoutMs: 30_000,
  });

  await run.terminateBackendDuring('messaging.portal_patients', () =>
    api('PUT', `${patientPath}/national-id`, { nationalId: p.nationalId }),
  );
  await run.cutDatabaseDuring('messaging.portal_patients', () =>
    api('PUT', `${patientPath}/consent`, { consent: false }),
  );

  const db = new Client({ connectionString: run.db.url() });
  await db.connect();
  try {
    await waitFor(
      async () =>
        (await db.query(`SELECT 1 FROM messaging.outbox WHERE published_at IS NULL`)).rowCount === 0,
      { what: "the outbox relay published the run's events", timeoutMs: 20_000 },
    );
  } finally {
    await db.end();
  }
}
