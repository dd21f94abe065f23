import { randomUUID } from 'node:crypto';
import { newClinicId } from '@carebus/testing';
import { nationalIds } from '../../test/national-ids';
import {
  patientAudit,
  reachabilityEvents,
  startMessagingHarness,
  type MessagingHarness,
} from '../../test/messaging-harness';

type Reach = { reachable: boolean; reason: string };

/**
 * The consent and national-id guard over real PostgreSQL: every reason a patient is not
 * reachable through the national portal, the partner's pushes, the events in the outbox (same
 * commit, versioned, never the number) and the audit rows.
 */
describe('portal reachability', () => {
  let h: MessagingHarness;
  const clinicId = newClinicId();
  let staff: string;
  let portal: string;

  beforeAll(async () => {
    h = await startMessagingHarness();
    staff = await h.token(clinicId, ['staff'], 'reception-rita');
    portal = await h.token(clinicId, ['partner'], 'national-portal');
  }, 90_000);
  afterAll(async () => h?.close());

  const base = (patientId: string, clinic = clinicId) => `/v1/clinics/${clinic}/patients/${patientId}`;
  const reach = async (patientId: string, token = staff, clinic = clinicId) => {
    const r = await h.call<Reach>('GET', `${base(patientId, clinic)}/reachability`, token);
    expect(r.status).toBe(200);
    return r.body;
  };
  const setId = (patientId: string, nationalId: string | null) =>
    h.call('PUT', `${base(patientId)}/national-id`, staff, { nationalId });
  const push = (nationalId: string, portalAccount: string, consent: boolean) =>
    h.call<{ matched: number }>('POST', '/v1/partner/portal/patient-status', portal, {
      nationalId,
      portalAccount,
      consent,
    });

  it('a patient messaging knows nothing about has no national id', async () => {
    expect(await reach(randomUUID())).toEqual({ reachable: false, reason: 'no_national_id' });
  });

  it.each([
    ['invalid_national_id', nationalIds.failsMod11],
    ['h_number', nationalIds.hNumber],
  ])('%s: not reachable even with consent and an active account', async (reason, number) => {
    const patientId = randomUUID();
    const nid = number();
    expect((await setId(patientId, nid)).status).toBe(200);
    expect((await push(nid, 'active', true)).body.matched).toBe(1);
    expect(await reach(patientId)).toEqual({ reachable: false, reason });
  });

  it('walks from no consent to no account to inactive to reachable, one event per change', async () => {
    const patientId = randomUUID();
    const nid = nationalIds.dNumber();
    const recorded = await setId(patientId, nid);
    expect(recorded.body).toMatchObject({ nationalIdKind: 'd_number', reason: 'no_consent', version: 1 });
    expect(JSON.stringify(recorded.body)).not.toContain(nid);
    expect((await h.call('PUT', `${base(patientId)}/consent`, staff, { consent: true })).status).toBe(200);
    expect(await reach(patientId)).toEqual({ reachable: false, reason: 'no_portal_account' });
    await push(nid, 'inactive', true);
    expect(await reach(patientId)).toEqual({ reachable: false, reason: 'portal_account_inactive' });
    await push(nid, 'active', true);
    expect(await reach(patientId)).toEqual({ reachable: true, reason: 'reachable' });
    // The same status again changes nothing and publishes nothing.
    await push(nid, 'active', true);
    // Consent withdrawn at the desk takes effect at once.
    await h.call('PUT', `${base(patientId)}/consent`, staff, { consent: false });
    expect(await reach(patientId)).toEqual({ reachable: false, reason: 'no_consent' });

    const events = await reachabilityEvents(h.sql, patientId);
    expect(events.map((e) => [e.version, e.reachable, e.reason])).toEqual([
      [1, false, 'NO_CONSENT'],
      [2, false, 'NO_PORTAL_ACCOUNT'],
      [3, false, 'PORTAL_ACCOUNT_INACTIVE'],
      [4, true, 'REACHABLE'],
      [5, false, 'NO_CONSENT'],
    ]);
    for (const e of events) expect(e.raw.toString('latin1')).not.toContain(nid);
  });

  it('keeps the number sealed at rest and answers only its kind', async () => {
    const patientId = randomUUID();
    const nid = nationalIds.birthNumber();
    await setId(patientId, nid);
    const { rows } = await h.sql.query<Record<string, unknown>>(
      `SELECT * FROM messaging.portal_patients WHERE patient_id = $1`,
      [patientId],
    );
    expect(rows[0]!.national_id_kind).toBe('birth_number');
    expect(rows[0]!.national_id_sealed).toMatch(/^nid2\.v1\./);
    expect(JSON.stringify(rows[0])).not.toContain(nid);
  });

  it('removing the number makes the patient unreachable again', async () => {
    const patientId = randomUUID();
    const nid = nationalIds.birthNumber();
    await setId(patientId, nid);
    await push(nid, 'active', true);
    expect((await reach(patientId)).reachable).toBe(true);
    await setId(patientId, null);
    expect(await reach(patientId)).toEqual({ reachable: false, reason: 'no_national_id' });
  });

  it("another clinic's patient answers like an unknown one, and its pushes match nothing here", async () => {
    const patientId = randomUUID();
    const nid = nationalIds.birthNumber();
    await setId(patientId, nid);
    await push(nid, 'active', true);
    const other = newClinicId();
    const otherStaff = await h.token(other, ['staff']);
    expect(await reach(patientId, otherStaff, other)).toEqual({ reachable: false, reason: 'no_national_id' });
    const otherPortal = await h.token(other, ['partner']);
    const pushed = await h.call<{ matched: number }>(
      'POST',
      '/v1/partner/portal/patient-status',
      otherPortal,
      {
        nationalId: nid,
        portalAccount: 'inactive',
        consent: false,
      },
    );
    expect(pushed.body.matched).toBe(0);
    expect((await reach(patientId)).reachable).toBe(true);
    // Asking for this clinic with the other clinic's token is refused, and audited.
    const refused = await h.call('GET', `${base(patientId)}/reachability`, otherStaff);
    expect(refused.status).toBe(403);
  });

  it('refuses bad input with a code, and callers without the role', async () => {
    const patientId = randomUUID();
    const bad = await h.call('PUT', `${base(patientId)}/national-id`, staff, { nationalId: '123' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation.failed');
    expect(JSON.stringify(bad.body)).not.toContain('123"');
    const patient = await h.token(clinicId, ['patient']);
    expect((await h.call('GET', `${base(patientId)}/reachability`, patient)).status).toBe(403);
    expect((await push(nationalIds.birthNumber(), 'weird', true)).status).toBe(400);
    expect((await h.call('POST', '/v1/partner/portal/patient-status', staff, {})).status).toBe(403);
  });

  it('audits reads, consent and number changes, and portal pushes', async () => {
    const patientId = randomUUID();
    const nid = nationalIds.birthNumber();
    await setId(patientId, nid);
    await h.call('PUT', `${base(patientId)}/consent`, staff, { consent: true });
    await push(nid, 'active', true);
    await reach(patientId);
    expect(await patientAudit(h.sql, clinicId, patientId)).toEqual([
      { action: 'patient_national_id.write', outcome: 'allowed', subject: 'reception-rita' },
      { action: 'patient_consent.write', outcome: 'allowed', subject: 'reception-rita' },
      { action: 'patient_portal_status.write', outcome: 'allowed', subject: 'national-portal' },
      { action: 'patient_reachability.read', outcome: 'allowed', subject: 'reception-rita' },
    ]);
  });
});
