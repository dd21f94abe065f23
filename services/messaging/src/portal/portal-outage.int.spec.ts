import { randomUUID } from 'node:crypto';
import { startPortalWorld, type PortalWorld } from '../../test/portal-world';

// The acceptance outage is 60 s; CI runs it for 20 s unless CAREBUS_PORTAL_OUTAGE_MS says otherwise.
const OUTAGE_MS = Number(process.env.CAREBUS_PORTAL_OUTAGE_MS ?? (process.env.CI ? 20_000 : 60_000));
const ANSWERS = 200;

/**
 * The portal is down (connection refused) while 200 answers are queued and for the whole outage;
 * when it returns, all 200 arrive, each exactly once.
 */
describe('portal outage', () => {
  let w: PortalWorld;

  beforeAll(async () => {
    w = await startPortalWorld();
  }, 90_000);
  afterAll(async () => w?.close());

  it(
    `queues ${ANSWERS} answers through a ${OUTAGE_MS / 1000} s outage and delivers each exactly once`,
    async () => {
      const { patientId } = await w.reachablePatient();
      await w.portal.admin.goDown();
      const downAt = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < ANSWERS; i++) {
        const r = await w.h.call<{ id: string }>(
          'POST',
          `/v1/clinics/${w.clinicId}/portal-deliveries`,
          w.staff,
          {
            patientId,
            kind: 'dialogue_answer',
            idempotencyKey: `outage-${randomUUID()}`,
            threadId: randomUUID(),
            body: `Answer ${i}`,
          },
        );
        expect(r.status).toBe(202);
        ids.push(r.body.id);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
      const { rows } = await w.h.sql.query<{ pending: string; tried: string }>(
        `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE attempts > 0) AS tried
         FROM messaging.portal_deliveries WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      expect(Number(rows[0]!.pending)).toBe(ANSWERS);
      expect(Number(rows[0]!.tried)).toBeGreaterThan(0);
      expect(w.portal.admin.messages()).toHaveLength(0);

      await w.portal.admin.goUp();
      const statuses = await w.settled(ids, 120_000);
      expect([...statuses.values()].filter((s) => s === 'delivered')).toHaveLength(ANSWERS);
      const keys = w.portal.admin.messages().map((m) => m.idempotencyKey);
      expect(keys).toHaveLength(ANSWERS);
      expect(new Set(keys).size).toBe(ANSWERS);
      expect(new Set(w.portal.admin.messages().map((m) => m.body)).size).toBe(ANSWERS);
    },
    OUTAGE_MS + 240_000,
  );
});
