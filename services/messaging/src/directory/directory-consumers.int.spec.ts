import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FieldSealer, KeyRing, SEAL_PURPOSES, sealerVariables } from '@carebus/crypto';
import type { Producer } from '@carebus/kafka';
import { startTestService, testKafka, waitFor, type TestService } from '@carebus/testing';
import { patientRecord, practitionerRecord, type EventRecord } from '../../test/event-records';
import { MessagingApi } from '../../test/messaging-api';
import {
  isolatedMessagingEnv,
  MESSAGING_UNDER_TEST,
  provisionMessagingTopics,
} from '../../test/messaging-under-test';
import { nationalIds } from '../../test/national-ids';

const RING = `v1:${randomBytes(32).toString('base64')}`;
const sealer = FieldSealer.of(
  SEAL_PURPOSES.patientIdentity,
  KeyRing.parse(RING, undefined, sealerVariables(SEAL_PURPOSES.patientIdentity)),
);

/**
 * Messaging's copies of scheduling's practitioners and patients, fed over the real broker on
 * topics of this test: newer versions only, a redelivered event changes nothing (the inbox), the
 * sealed identity opens with the patient-identity ring and feeds the portal guard, and the copy
 * routes the patient's e-consultations to the GP they are listed with. Each case ends with a
 * sentinel record of the same key order, so the records before it were handled when it shows.
 */
describe("messaging's directory consumers", () => {
  const env: Record<string, string> = { ...isolatedMessagingEnv(), CAREBUS_PATIENT_IDENTITY_KEYS: RING };
  const clinicId = randomUUID();
  let svc: TestService;
  let api: MessagingApi;
  let sql: Client;
  let producer: Producer;

  beforeAll(async () => {
    await provisionMessagingTopics(env);
    svc = await startTestService(MESSAGING_UNDER_TEST, env);
    api = new MessagingApi(svc);
    sql = new Client({ connectionString: svc.db.url() });
    await sql.connect();
    producer = testKafka().producer();
    await producer.connect();
  }, 90_000);
  afterAll(async () => {
    await producer?.disconnect();
    await sql?.end();
    await svc?.close();
  });

  /** Sends the records in order on one partition (the key of the first). */
  const send = (topic: string, ...records: EventRecord[]) =>
    producer.send({ topic, messages: records.map((r) => ({ ...r, key: records[0]!.key })) });
  const row = async (table: string, id: string) =>
    (await sql.query(`SELECT * FROM messaging.${table} WHERE clinic_id = $1 AND id = $2`, [clinicId, id]))
      .rows[0] as Record<string, unknown> | undefined;
  const shows = (table: string, id: string, version: number) =>
    waitFor(async () => Number((await row(table, id))?.version) === version, {
      timeoutMs: 30_000,
      what: `${table} ${id} at version ${version}`,
    });
  const processed = async (eventId: string) =>
    (await sql.query(`SELECT 1 FROM messaging.processed_events WHERE event_id = $1`, [eventId])).rowCount;

  it('keeps the newest version of a practitioner; a stale or redelivered event changes nothing', async () => {
    const topic = env.MESSAGING_PRACTITIONER_TOPIC!;
    const id = randomUUID();
    const updated = randomUUID();
    await send(
      topic,
      practitionerRecord(clinicId, { id, active: true, version: 1 }),
      practitionerRecord(clinicId, { id, active: false, version: 3 }, updated),
    );
    await shows('practitioners', id, 3);
    const applied = await row('practitioners', id);
    expect(applied).toMatchObject({ active: false });
    const sentinel = randomUUID();
    await send(
      topic,
      practitionerRecord(clinicId, { id, active: true, version: 2 }),
      practitionerRecord(clinicId, { id, active: false, version: 3 }, updated),
      practitionerRecord(clinicId, { id: sentinel, active: true, version: 1 }),
    );
    await shows('practitioners', sentinel, 1);
    expect(await row('practitioners', id)).toEqual(applied);
    expect(await processed(updated)).toBe(1);
  });

  it('keeps the newest patient, opens its identity for the portal guard, and routes to its GP', async () => {
    const topic = env.MESSAGING_PATIENT_TOPIC!;
    const id = randomUUID();
    const [gpA, gpB, gpC] = [randomUUID(), randomUUID(), randomUUID()];
    const staff = await api.staff(clinicId);
    const reason = async () =>
      (await staff.call<{ reason: string }>('GET', `/patients/${id}/reachability`)).body.reason;
    const nationalIdWrites = async () =>
      (
        await sql.query(
          `SELECT 1 FROM messaging.audit_log WHERE clinic_id = $1 AND patient_id = $2 AND action = 'patient_national_id.write'`,
          [clinicId, id],
        )
      ).rowCount;

    await send(
      topic,
      patientRecord(clinicId, sealer, {
        id,
        listedGpId: gpA,
        nationalId: nationalIds.birthNumber(),
        version: 1,
      }),
    );
    await shows('patients', id, 1);
    expect(await row('patients', id)).toMatchObject({ listed_gp_id: gpA, national_id_kind: 'national_id' });
    expect(String((await row('patients', id))!.sealed_identity)).toMatch(/^v1\.v1\./);
    // The number opened with the patient-identity ring: known, only consent is missing.
    expect(await reason()).toBe('no_consent');
    expect(await nationalIdWrites()).toBe(1);

    const updated = randomUUID();
    await send(
      topic,
      patientRecord(clinicId, sealer, { id, listedGpId: gpB, nationalId: '', version: 3 }, updated),
    );
    await shows('patients', id, 3);
    const applied = await row('patients', id);
    expect(applied).toMatchObject({ listed_gp_id: gpB, national_id_kind: 'none' });
    expect(await reason()).toBe('no_national_id');

    const sentinel = randomUUID();
    await send(
      topic,
      patientRecord(clinicId, sealer, {
        id,
        listedGpId: gpC,
        nationalId: nationalIds.birthNumber(),
        version: 2,
      }),
      patientRecord(clinicId, sealer, { id, listedGpId: gpB, nationalId: '', version: 3 }, updated),
      patientRecord(clinicId, sealer, { id: sentinel, listedGpId: null, nationalId: '', version: 1 }),
    );
    await shows('patients', sentinel, 1);
    expect(await row('patients', id)).toEqual(applied);
    expect(await reason()).toBe('no_national_id');
    expect(await nationalIdWrites()).toBe(2);
    expect(await processed(updated)).toBe(1);

    const sent = await (
      await api.patient(clinicId, id)
    ).call<{ thread: { id: string } }>('POST', '/my/threads', {
      kind: 'e_consultation',
      subject: 'Rash',
      body: 'It itches',
    });
    expect(sent.status).toBe(201);
    const { rows } = await sql.query<{ routing: { practitionerId: string } }>(
      `SELECT routing FROM messaging.threads WHERE id = $1`,
      [sent.body.thread.id],
    );
    expect(rows[0]!.routing.practitionerId).toBe(gpB);
  });
});
