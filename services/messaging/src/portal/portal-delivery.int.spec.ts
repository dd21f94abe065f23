import { randomUUID } from 'node:crypto';
import { patientAudit } from '../../test/messaging-harness';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';

type Delivery = { id: string; status: string; attempts: number };

/**
 * The queue to the national portal over real PostgreSQL and the portal simulator on a real socket:
 * the guard refuses unreachable patients, renewal answers carry their outcome, and faults, lost
 * answers and an outage lose nothing and duplicate nothing on the portal's side.
 */
describe('outgoing delivery to the national portal', () => {
  let w: PortalWorld;

  beforeAll(async () => {
    w = await startPortalWorld();
  }, 90_000);
  afterAll(async () => w?.close());
  beforeEach(() => {
    w.portal.admin.clearFaults();
    w.portal.admin.clearMessages();
  });

  const send = (body: Record<string, unknown>) =>
    w.h.call<Delivery & { code?: string; reason?: string }>(
      'POST',
      `/v1/clinics/${w.clinicId}/portal-deliveries`,
      w.staff,
      { kind: 'dialogue_answer', idempotencyKey: `answer-${randomUUID()}`, body: 'Take two a day.', ...body },
    );

  it('refuses a patient who is not reachable, with the reason, audited, nothing queued', async () => {
    const patientId = randomUUID();
    await w.h.call('PUT', `/v1/clinics/${w.clinicId}/patients/${patientId}/national-id`, w.staff, {
      nationalId: '01018512346',
    });
    const refused = await send({ patientId });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'messaging.patient_unreachable',
      reason: 'invalid_national_id',
    });
    const { rows } = await w.h.sql.query(`SELECT 1 FROM messaging.portal_deliveries WHERE patient_id = $1`, [
      patientId,
    ]);
    expect(rows).toHaveLength(0);
    expect(await patientAudit(w.h.sql, w.clinicId, patientId)).toContainEqual({
      action: 'portal_message.send',
      outcome: 'denied',
      subject: 'gp-gunnar',
    });
  });

  it('delivers an answer once, with the same key answering the same message', async () => {
    const { patientId, nationalId } = await w.reachablePatient();
    const key = `answer-${randomUUID()}`;
    const first = await send({ patientId, idempotencyKey: key, threadId: randomUUID() });
    expect(first.status).toBe(202);
    const again = await send({ patientId, idempotencyKey: key });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect((await w.settled([first.body.id], 15_000)).get(first.body.id)).toBe('delivered');
    const arrived = w.portal.admin.messages();
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ nationalId, clinicId: w.clinicId, kind: 'dialogue_answer' });
    const read = await w.h.call<Delivery>(
      'GET',
      `/v1/clinics/${w.clinicId}/portal-deliveries/${first.body.id}`,
      w.staff,
    );
    expect(read.body).toMatchObject({ status: 'delivered', attempts: 1 });
    const other = randomUUID();
    const otherStaff = await w.h.token(other, ['staff']);
    const foreign = await w.h.call(
      'GET',
      `/v1/clinics/${other}/portal-deliveries/${first.body.id}`,
      otherStaff,
    );
    expect(foreign.status).toBe(404);
  });

  it.each([
    ['rejected', []],
    ['renewed', []],
    ['cannot_be_renewed', []],
    ['partly_renewed', ['Metformin 500 mg']],
  ])('a renewal answer reaches the portal with its outcome (%s) and message', async (outcome, items) => {
    const { patientId } = await w.reachablePatient();
    const message = `Renewal: ${outcome}. See you at the next check-up.`;
    const queued = await send({
      patientId,
      kind: 'renewal_answer',
      renewalOutcome: outcome,
      renewedItems: items,
      body: message,
    });
    expect(queued.status).toBe(202);
    await w.settled([queued.body.id], 15_000);
    expect(w.portal.admin.messages()).toEqual([
      expect.objectContaining({
        kind: 'renewal_answer',
        renewalOutcome: outcome,
        renewedItems: items,
        body: message,
      }),
    ]);
  });

  it('refuses a renewal answer without its outcome, and partly renewed without the items', async () => {
    const { patientId } = await w.reachablePatient();
    expect((await send({ patientId, kind: 'renewal_answer' })).status).toBe(400);
    expect((await send({ patientId, kind: 'renewal_answer', renewalOutcome: 'partly_renewed' })).status).toBe(
      400,
    );
  });

  it('rides out 503s, 429s, resets and lost answers: every message arrives exactly once', async () => {
    const { patientId } = await w.reachablePatient();
    w.portal.admin.setFaults({
      serverErrors: 5,
      rateLimited: 3,
      retryAfterSeconds: 1,
      resets: 3,
      lostAnswers: 5,
    });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await send({ patientId, body: `Answer ${i}` })).body.id);
    const statuses = await w.settled(ids, 60_000);
    expect([...statuses.values()].every((s) => s === 'delivered')).toBe(true);
    const keys = w.portal.admin.messages().map((m) => m.idempotencyKey);
    expect(keys).toHaveLength(20);
    expect(new Set(keys).size).toBe(20);
    const outcomes = w.portal.admin.attempts().map((a) => a.outcome);
    expect(outcomes.filter((o) => o === 'lost_answer')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThanOrEqual(5);
  }, 90_000);
});
