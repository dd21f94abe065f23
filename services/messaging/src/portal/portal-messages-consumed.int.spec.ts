import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { encodeEnvelopeHeaders, encodeEventPayload, EVENTS, NotificationKind } from '@carebus/contracts';
import { Partitioners, type Producer } from '@carebus/kafka';
import { createTopics, testKafka, waitFor } from '@carebus/testing';
import { patientAudit } from '../../test/messaging-harness';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';

/**
 * notifications.portal_message.v1 over the real broker → messaging's queue → the portal
 * simulator: once per portal message, also when the event is delivered twice; a patient who is
 * not reachable is not sent to, and the refusal is audited.
 */
describe("notifications' portal messages through messaging", () => {
  let w: PortalWorld;
  let producer: Producer;

  beforeAll(async () => {
    w = await startPortalWorld();
    const kafka = testKafka();
    await createTopics(kafka, [w.portalMessageTopic]);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  }, 90_000);
  afterAll(async () => {
    await producer?.disconnect();
    await w?.close();
  });

  const publish = (patientId: string, portalMessageId: string, eventId = randomUUID()) =>
    producer.send({
      topic: w.portalMessageTopic,
      messages: [
        {
          key: portalMessageId,
          value: Buffer.from(
            encodeEventPayload(EVENTS.portalMessageRequested, {
              portalMessageId,
              clinicId: w.clinicId,
              patientId,
              kind: NotificationKind.BOOKING_CONFIRMATION,
              appointmentId: randomUUID(),
              notificationId: randomUUID(),
              subject: 'Timen din er bekreftet',
              body: `Velkommen ${portalMessageId}`,
              requestedAt: timestampFromDate(new Date()),
            }),
          ),
          headers: encodeEnvelopeHeaders({
            id: eventId,
            type: EVENTS.portalMessageRequested.type,
            source: '/carebus/notifications',
            time: new Date(),
            clinicId: w.clinicId,
            dataContentType: 'application/protobuf',
          }),
        },
      ],
    });

  it('delivers a booking confirmation once, though the event arrives twice and is republished', async () => {
    const { patientId, nationalId } = await w.reachablePatient();
    const portalMessageId = randomUUID();
    const eventId = randomUUID();
    await publish(patientId, portalMessageId, eventId);
    await publish(patientId, portalMessageId, eventId);
    await publish(patientId, portalMessageId);
    await waitFor(() => w.portal.admin.messages().some((m) => m.body === `Velkommen ${portalMessageId}`), {
      timeoutMs: 30_000,
      what: 'the confirmation at the portal',
    });
    const { rows } = await w.h.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM messaging.portal_deliveries WHERE idempotency_key = $1`,
      [`portal_message:${portalMessageId}`],
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const arrived = w.portal.admin.messages().filter((m) => m.body === `Velkommen ${portalMessageId}`);
    expect(arrived).toEqual([expect.objectContaining({ kind: 'notification', nationalId })]);
  });

  it('does not send to a patient who is not reachable, and audits the refusal', async () => {
    const patientId = randomUUID();
    await publish(patientId, randomUUID());
    await waitFor(
      async () =>
        (await patientAudit(w.h.sql, w.clinicId, patientId)).some(
          (a) => a.action === 'portal_message.send' && a.outcome === 'denied',
        ),
      { timeoutMs: 30_000, what: 'the refusal audited' },
    );
    const { rows } = await w.h.sql.query(`SELECT 1 FROM messaging.portal_deliveries WHERE patient_id = $1`, [
      patientId,
    ]);
    expect(rows).toHaveLength(0);
  });
});
