import { Client } from 'pg';
import request from 'supertest';
import { Partitioners, type Kafka } from '@carebus/kafka';
import {
  createTopics,
  newClinicId,
  newTopicSuffix,
  startPlatformTestService,
  testKafka,
  type TestService,
} from '@carebus/testing';
import { DEAD_LETTER_PAYLOAD_SCOPE } from '../dead-letters/dead-letter-errors';
import { deadLetterRecord } from '../testing/dead-letter-records';

interface AuditRow {
  clinic_id: string | null;
  subject: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
  reason: string | null;
}

describe('dead-letter admin API: metadata by clinic, payload, replay and purge behind break-glass', () => {
  let svc: TestService;
  let kafka: Kafka;
  const suffix = newTopicSuffix();
  const topic = `testing.sequence.${suffix}`;
  const group = `admin-${suffix}`;
  const dlqTopic = `${topic}.${group}.dlq`;
  // A replay goes back to the failing group only, on its first retry topic.
  const retryTopic = `${topic}.${group}.retry.1`;
  const path = '/v1/admin/dead-letters';
  const clinicA = newClinicId();
  const clinicB = newClinicId();
  const tenMinutesAgo = Date.now() - 10 * 60_000;
  // Offsets in the DLQ: 0 and 2 are clinic A's, 1 is clinic B's; 3 (fresh) is A's, left by the purge.
  const letters = [
    { aggregateId: 'a0', clinicId: clinicA, at: tenMinutesAgo },
    { aggregateId: 'b0', clinicId: clinicB, at: tenMinutesAgo + 1 },
    { aggregateId: 'a1', clinicId: clinicA, at: tenMinutesAgo + 2 },
    { aggregateId: 'a2', clinicId: clinicA, at: Date.now() },
  ];
  const reason = 'INC-2041: notifications failing since 03:10';

  const tokens: Record<string, string> = {};
  const api = () => request(svc.app.getHttpServer());
  const as = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

  async function auditRows(subject: string): Promise<AuditRow[]> {
    const db = new Client({ connectionString: svc.db.url() });
    await db.connect();
    try {
      return (
        await db.query<AuditRow>(
          `SELECT clinic_id::text AS clinic_id, subject, action, resource_type, resource_id, outcome, reason
           FROM messaging.audit_log WHERE subject = $1 ORDER BY id`,
          [subject],
        )
      ).rows;
    } finally {
      await db.end();
    }
  }

  async function topicEnd(): Promise<string> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicOffsets(retryTopic))[0]!.high;
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    kafka = testKafka();
    await createTopics(kafka, [topic, retryTopic, dlqTopic], 1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    for (const letter of letters) {
      await producer.send({ topic: dlqTopic, messages: [deadLetterRecord({ topic, group, ...letter })] });
    }
    await producer.disconnect();

    // The platform serves the dead-letter API on every service; its audit rows are in messaging.audit_log.
    svc = await startPlatformTestService();
    const scope = [DEAD_LETTER_PAYLOAD_SCOPE];
    const mint = svc.issuer.mint.bind(svc.issuer);
    tokens.operator = await mint({ sub: 'ops-plain', roles: ['operator'] });
    tokens.glass = await mint({ sub: 'ops-glass', roles: ['operator'], scopes: scope });
    tokens.adminA = await mint({ sub: 'admin-a', clinicId: clinicA, roles: ['clinic_admin'] });
    tokens.glassA = await mint({
      sub: 'admin-a-glass',
      clinicId: clinicA,
      roles: ['clinic_admin'],
      scopes: scope,
    });
    tokens.staffA = await mint({ sub: 'staff-a', clinicId: clinicA, roles: ['staff'] });
  });

  afterAll(async () => {
    await svc?.close();
  });

  it('refuses callers who are neither operators nor clinic admins', async () => {
    await api().get(path).expect(401);
    const res = await api().get(path).set(as('staffA')).expect(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('auth.forbidden');
  });

  it("lists every clinic's dead letters to a platform operator, metadata only", async () => {
    const res = await api().get(path).query({ topic, limit: 10 }).set(as('operator')).expect(200);

    expect(res.body.items.map((l: { clinicId: string }) => l.clinicId)).toEqual([
      clinicA,
      clinicB,
      clinicA,
      clinicA,
    ]);
    const [first] = res.body.items;
    expect(first).toMatchObject({
      dlqTopic,
      partition: 0,
      offset: '0',
      originalTopic: topic,
      group,
      attempt: 1,
      errorCode: 'test.rejected',
      eventType: expect.any(String),
      deadLetteredAt: new Date(tenMinutesAgo).toISOString(),
    });
    for (const field of ['key', 'headers', 'errorMessage', 'payloadBase64']) {
      expect(first).not.toHaveProperty(field);
    }
  });

  it("lists and shows a clinic admin only its clinic's dead letters", async () => {
    const listed = await api().get(path).query({ topic, limit: 2 }).set(as('adminA')).expect(200);
    expect(listed.body.items.map((l: { offset: string }) => l.offset)).toEqual(['0', '2']);

    const own = await api().get(`${path}/${dlqTopic}/0/0`).set(as('adminA')).expect(200);
    expect(own.body).toMatchObject({ clinicId: clinicA, offset: '0' });
    expect(own.body).not.toHaveProperty('payloadBase64');

    const other = await api().get(`${path}/${dlqTopic}/0/1`).set(as('adminA')).expect(404);
    expect(other.body.code).toBe('dlq.not_found');
    expect(await auditRows('admin-a')).toEqual([
      expect.objectContaining({ clinic_id: clinicA, action: 'dead_letter.read', outcome: 'denied' }),
    ]);
  });

  it.each([
    { limit: 'many' },
    { limit: 0 },
    { since: 'yesterday' },
    { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' },
    { colour: 'red' },
  ])('answers 400 problem+json to the query %j', async (query) => {
    const res = await api().get(path).query(query).set(as('operator')).expect(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('validation.failed');
  });

  it('refuses the payload to an operator without the break-glass scope, and audits it', async () => {
    const res = await api()
      .get(`${path}/${dlqTopic}/0/0/payload`)
      .set({ ...as('operator'), 'Break-Glass-Reason': reason })
      .expect(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('dead_letters.payload_scope_required');
    expect(JSON.stringify(res.body)).not.toContain('payloadBase64');
    expect(await auditRows('ops-plain')).toEqual([
      expect.objectContaining({
        clinic_id: null,
        action: 'dead_letter.read_payload',
        outcome: 'denied',
        reason,
      }),
    ]);
  });

  it.each([
    ['missing', {}, 'dead_letters.break_glass_reason_required'],
    ['blank', { 'Break-Glass-Reason': '   ' }, 'dead_letters.break_glass_reason_required'],
    ['501 characters', { 'Break-Glass-Reason': 'x'.repeat(501) }, 'dead_letters.break_glass_reason_invalid'],
    ['with a tab', { 'Break-Glass-Reason': 'tab\there' }, 'dead_letters.break_glass_reason_invalid'],
  ])('refuses the payload with the scope but a reason %s', async (_label, headers, code) => {
    const res = await api()
      .get(`${path}/${dlqTopic}/0/0/payload`)
      .set({ ...as('glass'), ...headers })
      .expect(403);
    expect(res.body.code).toBe(code);
  });

  it('shows the payload with the scope and a reason, and audits the reason on the clinic chain', async () => {
    const before = (await auditRows('ops-glass')).length;
    const res = await api()
      .get(`${path}/${dlqTopic}/0/1/payload`)
      .set({ ...as('glass'), 'Break-Glass-Reason': reason })
      .expect(200);

    expect(res.body).toMatchObject({ dlqTopic, offset: '1', clinicId: clinicB, key: 'b0' });
    expect(res.body.errorMessage).toBe('rejected by the test');
    expect(Buffer.from(res.body.payloadBase64, 'base64').length).toBe(res.body.payloadBytes);
    expect((await auditRows('ops-glass')).slice(before)).toEqual([
      {
        clinic_id: clinicB,
        subject: 'ops-glass',
        action: 'dead_letter.read_payload',
        resource_type: 'dead_letter',
        resource_id: `${dlqTopic}/0/1`,
        outcome: 'allowed',
        reason,
      },
    ]);
  });

  it("never lets a clinic admin with break-glass reach another clinic's dead letter", async () => {
    const glassA = { ...as('glassA'), 'Break-Glass-Reason': reason };
    const end = await topicEnd();

    const listed = await api().get(path).query({ topic }).set(glassA).expect(200);
    expect(listed.body.items.map((l: { clinicId: string }) => l.clinicId)).not.toContain(clinicB);
    expect((await api().get(`${path}/${dlqTopic}/0/1`).set(glassA).expect(404)).body.code).toBe(
      'dlq.not_found',
    );
    const payload = await api().get(`${path}/${dlqTopic}/0/1/payload`).set(glassA).expect(404);
    expect(payload.body.code).toBe('dlq.not_found');
    // Neither the record's key nor its bytes (a trace id may hold "b0" by chance, so whole values).
    expect(JSON.stringify(payload.body)).not.toContain('"b0"');
    expect(payload.body).not.toHaveProperty('payloadBase64');
    await api().post(`${path}/${dlqTopic}/0/1/replay`).set(glassA).expect(404);
    const purge = await api()
      .post(`${path}/purge`)
      .set(glassA)
      .send({ topic: dlqTopic, before: new Date().toISOString() })
      .expect(403);
    expect(purge.body.code).toBe('auth.forbidden');

    expect(await topicEnd()).toBe(end);
    const rows = await auditRows('admin-a-glass');
    expect(rows.map((r) => [r.clinic_id, r.action, r.outcome, r.reason])).toEqual([
      [clinicA, 'dead_letter.read', 'denied', null],
      [clinicA, 'dead_letter.read_payload', 'denied', reason],
      [clinicA, 'dead_letter.replay', 'denied', reason],
      [clinicA, 'dead_letter.purge', 'denied', reason],
    ]);
  });

  it('refuses a replay with the scope but without a reason, audits it, and publishes nothing', async () => {
    const end = await topicEnd();
    const res = await api().post(`${path}/${dlqTopic}/0/0/replay`).set(as('glassA')).expect(403);

    expect(res.body.code).toBe('dead_letters.break_glass_reason_required');
    expect(await topicEnd()).toBe(end);
    expect((await auditRows('admin-a-glass')).at(-1)).toMatchObject({
      clinic_id: clinicA,
      action: 'dead_letter.replay',
      outcome: 'denied',
      reason: null,
    });
  });

  it("replays its clinic's dead letter for a clinic admin with break-glass, and audits the reason", async () => {
    const end = BigInt(await topicEnd());
    const res = await api()
      .post(`${path}/${dlqTopic}/0/0/replay`)
      .set({ ...as('glassA'), 'Break-Glass-Reason': reason })
      .expect(200);

    expect(res.body).toMatchObject({ topic: retryTopic, partition: 0, offset: String(end) });
    expect(await topicEnd()).toBe(String(end + 1n));
    expect((await auditRows('admin-a-glass')).at(-1)).toMatchObject({
      clinic_id: clinicA,
      action: 'dead_letter.replay',
      resource_id: `${dlqTopic}/0/0`,
      outcome: 'allowed',
      reason,
    });
  });

  it('answers 404 dlq.not_found for an unknown dead letter', async () => {
    const glass = { ...as('glass'), 'Break-Glass-Reason': reason };
    const res = await api().get(`${path}/${dlqTopic}/0/42`).set(as('operator')).expect(404);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('dlq.not_found');
    await api().post(`${path}/${topic}/0/0/replay`).set(glass).expect(404);
  });

  it('purges for a platform operator with break-glass only, on the platform chain with the reason', async () => {
    const cut = new Date(Date.now() - 5 * 60_000).toISOString();
    const refused = await api()
      .post(`${path}/purge`)
      .set(as('operator'))
      .send({ topic: dlqTopic, before: cut });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('dead_letters.payload_scope_required');

    const res = await api()
      .post(`${path}/purge`)
      .set({ ...as('glass'), 'Break-Glass-Reason': reason })
      .send({ topic: dlqTopic, before: cut })
      .expect(200);

    expect(res.body.purged).toEqual([{ dlqTopic, partition: 0, deletedBefore: '3', deleted: 3 }]);
    const left = await api().get(path).query({ topic }).set(as('operator')).expect(200);
    expect(left.body.items.map((l: { offset: string }) => l.offset)).toEqual(['3']);
    expect((await auditRows('ops-glass')).at(-1)).toMatchObject({
      clinic_id: null,
      action: 'dead_letter.purge',
      resource_id: `${dlqTopic}<${cut}`,
      outcome: 'allowed',
      reason,
    });
  });
});
