import { randomBytes, randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  encodeEnvelopeHeaders,
  encodeEventPayload,
  EVENTS,
  type EventDefinition,
  NationalIdKind,
  PatientIdentitySchema,
  TOPICS,
} from '@carebus/contracts';
import { FieldSealer, KeyRing, SEAL_PURPOSES, sealerVariables } from '@carebus/crypto';
import type { Kafka } from '@carebus/kafka';
import { createTopics, newTopicSuffix, testKafka, waitFor } from '@carebus/testing';
import { patientAudit } from '../../test/messaging-harness';
import { nationalIds } from '../../test/national-ids';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';
import { ThreadFixtures } from '../../test/thread-fixtures';

const RING = `v1:${randomBytes(32).toString('base64')}`;
const sealer = FieldSealer.of(
  SEAL_PURPOSES.patientIdentity,
  KeyRing.parse(RING, undefined, sealerVariables(SEAL_PURPOSES.patientIdentity)),
);

/** scheduling.patient.v1 as scheduling's relay publishes it: the identity sealed with the shared ring. */
function patientRecord(clinicId: string, patientId: string, nationalId: string, version: number) {
  const identity = toBinary(
    PatientIdentitySchema,
    create(PatientIdentitySchema, { name: 'Kari', nationalId }),
  );
  const patient = {
    patientId,
    clinicId,
    listedPractitionerId: '',
    nationalIdKind: NationalIdKind.FNR,
    nationalIdValid: true,
    hasGuardian: false,
    version: BigInt(version),
    sealedIdentity: sealer.seal(identity, `${TOPICS.schedulingPatient}|${clinicId}|${patientId}`),
  };
  const definition: EventDefinition =
    version === 1
      ? (EVENTS.patientRegistered as EventDefinition)
      : (EVENTS.patientUpdated as EventDefinition);
  return {
    key: patientId,
    value: Buffer.from(encodeEventPayload(definition, { patient } as never)),
    headers: encodeEnvelopeHeaders({
      id: randomUUID(),
      type: definition.type,
      source: '/carebus/scheduling',
      time: new Date(),
      clinicId,
      dataContentType: 'application/protobuf',
    }),
  };
}

/**
 * The portal gateway joined to the core, over real PostgreSQL, Kafka and the portal simulator on a
 * real socket: the portal's dialogues and renewal requests become national-portal threads (once
 * per portal message id), the clinic's answers in them go back through the portal in the same
 * transaction, and scheduling's patient copy feeds the reachability guard.
 */
describe('national-portal threads', () => {
  const patientTopic = `test.${newTopicSuffix()}.${TOPICS.schedulingPatient}`;
  let w: PortalWorld;
  let f: ThreadFixtures;
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = testKafka();
    await createTopics(kafka, [patientTopic]);
    w = await startPortalWorld({
      MESSAGING_PATIENT_TOPIC: patientTopic,
      CAREBUS_PATIENT_IDENTITY_KEYS: RING,
    });
    f = new ThreadFixtures(w.h.svc.app);
    await f.join(w.clinicId, await f.wholeClinicUnit(w.clinicId), 'gp-gunnar');
  }, 90_000);
  afterAll(async () => w?.close());
  beforeEach(() => w.portal.admin.clearMessages());

  const staffCall = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    w.h.call<T>(method, `/v1/clinics/${w.clinicId}${path}`, w.staff, body);

  async function portalThread(nationalId: string, patch: Record<string, unknown> = {}) {
    const sent = await w.portal.admin.sendDialogue({
      nationalId,
      kind: 'e_contact',
      subject: 'Question',
      body: 'May I come on Friday?',
      ...patch,
    });
    expect(sent.status).toBe(201);
    return (sent.body as { threadId: string }).threadId;
  }

  it("turns the portal's dialogue into a national-portal thread, once per portal message id", async () => {
    const { patientId, nationalId } = await w.reachablePatient();
    const portalMessageId = `portal-${randomUUID()}`;
    const first = await w.portal.admin.sendDialogue({
      portalMessageId,
      nationalId,
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'A rash since Monday.',
    });
    expect(first.status).toBe(201);
    const again = await w.portal.admin.sendDialogue({
      portalMessageId,
      nationalId,
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'A rash since Monday.',
    });
    expect(again).toEqual({ status: 200, body: { ...(first.body as object), created: false } });
    const { rows } = await w.h.sql.query(
      `SELECT origin, kind, patient_id AS "patientId" FROM messaging.threads WHERE clinic_id = $1 AND patient_id = $2`,
      [w.clinicId, patientId],
    );
    expect(rows).toEqual([{ origin: 'national_portal', kind: 'e_consultation', patientId }]);
    const unknown = await w.portal.admin.sendDialogue({
      nationalId: nationalIds.birthNumber(),
      kind: 'e_contact',
      subject: 'Hi',
      body: 'Hello',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'messaging.patient_not_found' });
    const denied = await w.h.sql.query(
      `SELECT action FROM messaging.audit_log WHERE clinic_id = $1 AND subject = 'national-portal' AND outcome = 'denied'`,
      [w.clinicId],
    );
    expect(denied.rows).toEqual([{ action: 'thread.create' }]);
  });

  it("sends staff's reply in a portal thread to the portal with the thread, exactly once", async () => {
    const { nationalId } = await w.reachablePatient();
    const threadId = await portalThread(nationalId);
    const reply = await staffCall('POST', `/threads/${threadId}/messages`, { body: 'Friday at 10 is fine.' });
    expect(reply.status).toBe(201);
    await waitFor(async () => w.portal.admin.messages().length === 1, {
      timeoutMs: 15_000,
      what: 'answer at portal',
    });
    expect(w.portal.admin.messages()).toEqual([
      expect.objectContaining({
        nationalId,
        clinicId: w.clinicId,
        kind: 'dialogue_answer',
        threadId,
        subject: 'Question',
        body: 'Friday at 10 is fine.',
      }),
    ]);
    const { rows } = await w.h.sql.query(
      `SELECT count(*)::int AS n FROM messaging.portal_deliveries WHERE thread_id = $1`,
      [threadId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('sends a renewal answer with its outcome and the renewed items to the portal', async () => {
    const { nationalId } = await w.reachablePatient();
    const threadId = await portalThread(nationalId, {
      kind: 'prescription_renewal',
      subject: 'Renewal',
      body: 'Please renew',
      prescriptions: [
        { name: 'Metformin', strength: '500 mg', dosage: '1 twice a day' },
        { name: 'Ventoline', strength: '0.1 mg/dose', dosage: '2 puffs as needed' },
      ],
    });
    const answer = await staffCall('POST', `/threads/${threadId}/renewal-answer`, {
      outcome: 'partly_renewed',
      renewedItems: [1],
      body: 'Metformin renewed; Ventoline needs a visit.',
    });
    expect(answer.status).toBe(201);
    await waitFor(async () => w.portal.admin.messages().length === 1, {
      timeoutMs: 15_000,
      what: 'renewal at portal',
    });
    expect(w.portal.admin.messages()[0]).toMatchObject({
      kind: 'renewal_answer',
      threadId,
      renewalOutcome: 'partly_renewed',
      renewedItems: ['Metformin'],
      body: 'Metformin renewed; Ventoline needs a visit.',
    });
  });

  it('refuses a reply when the patient is no longer reachable: nothing stored or queued, audited', async () => {
    const { patientId, nationalId } = await w.reachablePatient();
    const threadId = await portalThread(nationalId);
    await w.portal.admin.setCitizen(nationalId, 'inactive', true);
    const reply = await staffCall('POST', `/threads/${threadId}/messages`, { body: 'Friday at 10 is fine.' });
    expect(reply.status).toBe(422);
    expect(reply.body).toMatchObject({
      code: 'messaging.patient_unreachable',
      reason: 'portal_account_inactive',
    });
    const stored = await w.h.sql.query(
      `SELECT count(*)::int AS n FROM messaging.messages WHERE thread_id = $1`,
      [threadId],
    );
    expect(stored.rows[0].n).toBe(1);
    const queued = await w.h.sql.query(`SELECT 1 FROM messaging.portal_deliveries WHERE thread_id = $1`, [
      threadId,
    ]);
    expect(queued.rows).toHaveLength(0);
    expect(await patientAudit(w.h.sql, w.clinicId, patientId)).toContainEqual(
      expect.objectContaining({ outcome: 'failed', subject: 'gp-gunnar' }),
    );
  });

  it("feeds the guard from scheduling's patient copy: the sealed national id opens, newest version wins", async () => {
    const patientId = randomUUID();
    const nationalId = nationalIds.birthNumber();
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: patientTopic,
        messages: [patientRecord(w.clinicId, patientId, nationalId, 1)],
      });
      await waitFor(
        async () => {
          const { rows } = await w.h.sql.query(
            `SELECT national_id_kind AS kind FROM messaging.portal_patients WHERE clinic_id = $1 AND patient_id = $2`,
            [w.clinicId, patientId],
          );
          return rows[0]?.kind === 'birth_number';
        },
        { timeoutMs: 30_000, what: 'national id from scheduling' },
      );
      // The portal's push now finds the patient by the number scheduling sent.
      const pushed = await w.portal.admin.setCitizen(nationalId, 'active', true);
      expect(pushed?.body).toEqual({ matched: 1 });
      const reach = await staffCall('GET', `/patients/${patientId}/reachability`);
      expect(reach.body).toEqual({ reachable: true, reason: 'reachable' });
      // A newer version without a number takes it away; the stale v1 again changes nothing.
      await producer.send({
        topic: patientTopic,
        messages: [
          patientRecord(w.clinicId, patientId, '', 2),
          patientRecord(w.clinicId, patientId, nationalId, 1),
        ],
      });
      await waitFor(
        async () =>
          (await staffCall('GET', `/patients/${patientId}/reachability`)).body.reason === 'no_national_id',
        { timeoutMs: 30_000, what: 'number removed' },
      );
      const { rows } = await w.h.sql.query(
        `SELECT national_id_sealed AS sealed FROM messaging.portal_patients WHERE clinic_id = $1 AND patient_id = $2`,
        [w.clinicId, patientId],
      );
      expect(rows[0].sealed).toBeNull();
      expect(await patientAudit(w.h.sql, w.clinicId, patientId)).toContainEqual(
        expect.objectContaining({ action: 'patient_national_id.write', subject: 'service:messaging' }),
      );
    } finally {
      await producer.disconnect();
    }
  }, 90_000);
});
