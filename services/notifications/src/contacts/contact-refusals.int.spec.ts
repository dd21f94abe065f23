import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { newClinicId } from '@carebus/testing';
import { asOwner, call, startHarness, type Harness } from '../../test/notifications-harness';

interface AuditRow {
  clinic_id: string;
  role: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  outcome: string;
}

describe('patient contacts: refusals are audited once, and an unwritable audit trail fails the call', () => {
  let h: Harness;
  const clinicA = newClinicId();
  const clinicB = newClinicId();
  const patientId = randomUUID();
  const EMAIL = `kari-${randomUUID()}@example.org`;

  const caller = async (clinicId: string, roles: string[]) => {
    const subject = `user-${randomUUID()}`;
    return { subject, token: await h.svc.issuer.mint({ sub: subject, clinicId, roles } as never) };
  };
  const rowsOf = (subject: string) =>
    asOwner(
      h,
      async (db) =>
        (
          await db.query<AuditRow>(
            `SELECT clinic_id, role, action, resource_type, resource_id, outcome
               FROM notifications.audit_log WHERE subject = $1 ORDER BY id`,
            [subject],
          )
        ).rows,
    );

  /** Runs `work` with the app role unable to add audit rows (as a superuser), then gives the right back. */
  async function withAuditUnwritable(work: () => Promise<void>): Promise<void> {
    const admin = new Client({ connectionString: h.svc.db.url() });
    await admin.connect();
    try {
      await admin.query(`REVOKE INSERT ON notifications.audit_log FROM carebus_notifications_app`);
      await work();
    } finally {
      await admin.query(`GRANT INSERT ON notifications.audit_log TO carebus_notifications_app`);
      await admin.end();
    }
  }

  beforeAll(async () => {
    h = await startHarness({ env: { DISPATCH_ENABLED: 'false' } });
    const admin = await caller(clinicA, ['clinic_admin']);
    const put = await call(h, 'PUT', `/v1/patient-contacts/${patientId}`, admin.token, { email: EMAIL });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('audits a 403 (a role the route does not allow) as one denied row', async () => {
    const { subject, token } = await caller(clinicA, ['staff']);
    expect((await call(h, 'GET', `/v1/patient-contacts/${patientId}`, token)).status).toBe(403);
    expect(await rowsOf(subject)).toEqual([
      {
        clinic_id: clinicA,
        role: 'staff',
        action: 'patient_contact.read',
        resource_type: 'patient_contact',
        resource_id: patientId,
        outcome: 'denied',
      },
    ]);
  });

  it("audits a 404 (another clinic's patient) as one denied row, and no allowed one", async () => {
    const { subject, token } = await caller(clinicB, ['clinic_admin']);
    const res = await call(h, 'GET', `/v1/patient-contacts/${patientId}`, token);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(EMAIL);
    expect((await call(h, 'DELETE', `/v1/patient-contacts/${patientId}`, token)).status).toBe(404);
    expect(await rowsOf(subject)).toEqual([
      expect.objectContaining({ clinic_id: clinicB, action: 'patient_contact.read', outcome: 'denied' }),
      expect.objectContaining({ clinic_id: clinicB, action: 'patient_contact.delete', outcome: 'denied' }),
    ]);
  });

  it('leaves no audit row for a 401', async () => {
    const count = () =>
      asOwner(
        h,
        async (db) => (await db.query(`SELECT count(*)::int AS n FROM notifications.audit_log`)).rows[0].n,
      );
    const before = await count();
    expect((await call(h, 'GET', `/v1/patient-contacts/${patientId}`, undefined)).status).toBe(401);
    expect(await count()).toBe(before);
  });

  it('answers a read and a refusal 503 audit.unavailable when the audit row cannot be written', async () => {
    const admin = await caller(clinicA, ['clinic_admin']);
    const staff = await caller(clinicA, ['staff']);
    await withAuditUnwritable(async () => {
      const read = await call(h, 'GET', `/v1/patient-contacts/${patientId}`, admin.token);
      expect(read.status).toBe(503);
      expect(read.contentType).toContain('application/problem+json');
      expect(read.body).toMatchObject({ status: 503, code: 'audit.unavailable' });
      expect(JSON.stringify(read.body)).not.toMatch(new RegExp(`${EMAIL}|\\.ts:\\d|permission denied`));
      const refused = await call(h, 'GET', `/v1/patient-contacts/${patientId}`, staff.token);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'audit.unavailable' });
    });
    expect(await rowsOf(admin.subject)).toEqual([]);
  });
});
