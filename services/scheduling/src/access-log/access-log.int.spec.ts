import { randomUUID } from 'node:crypto';
import { waitFor, type TestService } from '@carebus/testing';
import {
  asOwner,
  call,
  seedClinic,
  startSchedulingService,
  tokenFor,
} from '../../test/scheduling-test-service';
import { seedBookableClinic } from '../../test/booking-fixture';

interface Entry {
  id: string;
  service: string;
  subject: string;
  role: string;
  clientId: string | null;
  displayName: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  occurredAt: string;
}
interface EntryPage {
  items: Entry[];
  nextCursor: string | null;
}

const subjectOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

describe('patient access history (audit.patient_access.v1 → GET /v1/me/access-log)', () => {
  let svc: TestService;

  beforeAll(async () => {
    // Its own audit topic and group (isolated env): it reads back what it published itself.
    svc = await startSchedulingService({ PATIENT_ACCESS_LOG_ENABLED: 'true' });
  });

  afterAll(async () => {
    await svc?.close();
  });

  /** A clinic with two patients, P and Q, and tokens for them and the clinic's staff. */
  async function clinicWithPatients() {
    const clinicId = await seedClinic(svc);
    const [p, q] = [randomUUID(), randomUUID()];
    await asOwner(svc, (db) =>
      db.query(
        `INSERT INTO scheduling.patients (id, clinic_id, name) VALUES ($1, $3, 'Kari Nordmann'), ($2, $3, 'Ola Nordmann')`,
        [p, q, clinicId],
      ),
    );
    return {
      clinicId,
      p,
      q,
      staff: await tokenFor(svc, clinicId, { roles: ['staff'], name: 'Siri Sekretær' }),
      admin: await tokenFor(svc, clinicId, { roles: ['clinic_admin'] }),
      patientP: await tokenFor(svc, clinicId, { roles: ['patient'], patientId: p }),
      patientQ: await tokenFor(svc, clinicId, { roles: ['patient'], patientId: q }),
    };
  }

  const history = async (token: string, query = ''): Promise<EntryPage> => {
    const res = await call<EntryPage>(svc, 'GET', `/v1/me/access-log${query}`, token);
    if (res.status !== 200) throw new Error(`access log answered ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  /** Polls the history until `found` holds (events travel outbox → Kafka → consumer). */
  const historyUntil = async (token: string, found: (items: Entry[]) => boolean): Promise<Entry[]> => {
    let items: Entry[] = [];
    await waitFor(
      async () => {
        items = (await history(token, '?limit=200')).items;
        return found(items);
      },
      { timeoutMs: 20_000, what: 'the access to reach the history' },
    );
    return items;
  };

  it("lists a staff read of patient P in P's own history, with the staff member's name; Q's token sees none of it", async () => {
    const c = await clinicWithPatients();
    expect((await call(svc, 'GET', `/v1/patients/${c.p}`, c.staff)).status).toBe(200);
    const staffSubject = subjectOf(c.staff);

    const items = await historyUntil(c.patientP, (all) => all.some((e) => e.subject === staffSubject));
    const read = items.find((e) => e.subject === staffSubject)!;
    expect(read).toEqual({
      id: expect.any(String),
      service: 'scheduling',
      subject: staffSubject,
      role: 'staff',
      clientId: null,
      displayName: 'Siri Sekretær',
      action: 'patient.read',
      resourceType: 'patient',
      resourceId: c.p,
      outcome: 'allowed',
      occurredAt: expect.any(String),
    });
    // No patient data in an entry: the reader learns who did what, not what the record says.
    expect(JSON.stringify(items)).not.toContain('Nordmann');

    // Q's own history fills too (its reads are audited), but holds nothing about P.
    const ofQ = await historyUntil(c.patientQ, (all) => all.some((e) => e.action === 'access_log.read'));
    expect(ofQ.filter((e) => e.subject === staffSubject || e.resourceId === c.p)).toEqual([]);
  });

  it('is newest first, and keyset pages read every entry once while new ones arrive', async () => {
    const c = await clinicWithPatients();
    for (let i = 0; i < 5; i++) {
      expect((await call(svc, 'GET', `/v1/patients/${c.p}`, c.staff)).status).toBe(200);
    }
    const staffSubject = subjectOf(c.staff);
    await historyUntil(c.patientP, (all) => all.filter((e) => e.subject === staffSubject).length === 5);

    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: EntryPage = await history(c.patientP, query);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);

    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.filter((e) => e.subject === staffSubject)).toHaveLength(5);
    const times = seen.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('audits the reads of the history itself: the patient sees their own earlier look', async () => {
    const c = await clinicWithPatients();
    await history(c.patientP);
    const mine = subjectOf(c.patientP);
    const items = await historyUntil(c.patientP, (all) => all.some((e) => e.subject === mine));
    expect(items.find((e) => e.subject === mine)).toMatchObject({
      role: 'patient',
      action: 'access_log.read',
      resourceType: 'access_log',
      resourceId: c.p,
    });
  });

  it("lets the clinic's admin read any of its patients' histories (audited); another clinic's admin gets 404", async () => {
    const c = await clinicWithPatients();
    expect((await call(svc, 'GET', `/v1/patients/${c.p}`, c.staff)).status).toBe(200);
    const staffSubject = subjectOf(c.staff);
    await historyUntil(c.patientP, (all) => all.some((e) => e.subject === staffSubject));

    const res = await call<EntryPage>(svc, 'GET', `/v1/patients/${c.p}/access-log`, c.admin);
    expect(res.status).toBe(200);
    expect(res.body.items.some((e) => e.subject === staffSubject)).toBe(true);
    const adminSubject = subjectOf(c.admin);
    await historyUntil(c.patientP, (all) =>
      all.some((e) => e.subject === adminSubject && e.action === 'access_log.read'),
    );

    const other = await tokenFor(svc, await seedClinic(svc), { roles: ['clinic_admin'] });
    const refused = await call(svc, 'GET', `/v1/patients/${c.p}/access-log`, other);
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'scheduling.patient_not_found' });
  });

  it("hides accesses to the patient's hidden appointments from a guardian, not from the patient", async () => {
    const c = await seedBookableClinic(svc);
    const staff = await tokenFor(svc, c.clinicId, { roles: ['staff'] });
    const day = new Date(Date.now() + 14 * 86_400_000);
    day.setUTCDate(day.getUTCDate() + ((8 - day.getUTCDay()) % 7)); // a Monday inside the work plan
    const monday = day.toISOString().slice(0, 10);
    const book = async (appointmentTypeId: string, time: string) => {
      const res = await call<{ id: string }>(svc, 'POST', '/v1/appointments', staff, {
        calendarId: c.calendarId,
        appointmentTypeId,
        patientId: c.patientId,
        start: `${monday}T${time}:00+01:00`,
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const hidden = await book(c.hiddenTypeId, '14:00');
    const shown = await book(c.typeId, '08:00');
    const patient = await tokenFor(svc, c.clinicId, { roles: ['patient'], patientId: c.patientId });
    const guardian = await tokenFor(svc, c.clinicId, { roles: ['guardian'], patientId: c.patientId });

    await historyUntil(patient, (all) => [hidden, shown].every((id) => all.some((e) => e.resourceId === id)));
    const ofGuardian = (await history(guardian, '?limit=200')).items;
    expect(ofGuardian.some((e) => e.resourceId === shown)).toBe(true);
    expect(ofGuardian.some((e) => e.resourceId === hidden)).toBe(false);
  });

  it('refuses other roles and a patient token naming no patient', async () => {
    const c = await clinicWithPatients();
    expect((await call(svc, 'GET', `/v1/patients/${c.p}/access-log`, c.patientP)).status).toBe(403);
    expect((await call(svc, 'GET', `/v1/patients/${c.p}/access-log`, c.staff)).status).toBe(403);
    expect((await call(svc, 'GET', '/v1/me/access-log', c.staff)).status).toBe(403);
    const noClaim = await tokenFor(svc, c.clinicId, { roles: ['patient'] });
    const res = await call(svc, 'GET', '/v1/me/access-log', noClaim);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'scheduling.patient_claim_missing' });
    expect((await call(svc, 'GET', '/v1/me/access-log?cursor=forged', c.patientP)).status).toBe(400);
  });
});
