import { startEhrSimulator, type RunningEhrSimulator } from '@carebus/ehr-simulator';
import { newClinicId, waitFor } from '@carebus/testing';
import { startNotificationsProcess, type NotificationsProcess } from '../../test/notifications-process';
import { newSek, startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from '../key-vault/key-vault-settings';

const connections = (clinicId: string) => `/v1/clinics/${clinicId}/ehr-connections`;

/**
 * End to end: rejected credentials and a withdrawn authorisation → ehr-sync's outbox →
 * ehrsync.alert.v1 → the real notifications service → SMTP: exactly one e-mail each to the
 * clinical administrator, never with the credentials.
 */
describe('EHR connection alerts reach the clinical administrator by e-mail', () => {
  let h: VaultHarness;
  let sim: RunningEhrSimulator;
  let notifications: NotificationsProcess;
  const clinicId = newClinicId();
  const adminEmail = `klinikkadmin-${clinicId.slice(0, 8)}@fjordbyen.example`;

  beforeAll(async () => {
    [h, sim] = await Promise.all([
      startVaultHarness(),
      startEhrSimulator({ port: 0, seed: 'connection-mail' }),
    ]);
    const { alertTopic } = h.svc.app.get<KeyVaultSettings>(KEY_VAULT_SETTINGS);
    notifications = await startNotificationsProcess(h.svc, alertTopic);
  }, 90_000);
  afterAll(async () => {
    await notifications?.stop();
    await sim?.close();
    await h?.close();
  });

  async function delivered(kind: string, count: number): Promise<void> {
    await waitFor(
      async () => {
        const { rows } = await h.sql.query<{ n: string }>(
          `SELECT count(*) AS n FROM notifications.notifications
            WHERE clinic_id = $1 AND kind = $2 AND status IN ('sent', 'failed')`,
          [clinicId, kind],
        );
        return Number(rows[0]!.n) === count || undefined;
      },
      { what: `${count} ${kind} delivered`, timeoutMs: 30_000 },
    );
  }

  const mailsToAdmin = () => notifications.smtp.messages.filter((m) => m.envelopeTo.includes(adminEmail));

  it('one e-mail for rejected credentials, one for a de-authorisation', async () => {
    await notifications.announceClinic(clinicId, adminEmail);
    const admin = await h.token(clinicId, ['clinic_admin'], 'admin-anne');
    await waitFor(
      async () => {
        const s = await fetch(`${notifications.child.url}/v1/notification-settings`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        return (
          ((await s.json()) as { clinicalAdminEmail?: string }).clinicalAdminEmail === adminEmail || undefined
        );
      },
      { what: 'notifications knows the clinic', timeoutMs: 30_000 },
    );
    expect((await h.call('POST', `/v1/clinics/${clinicId}/key-vault`, admin, { key: newSek() })).status).toBe(
      201,
    );
    await delivered('key_vault_access_alert', 1);
    const keyMails = mailsToAdmin().length;

    const secret = 'not-the-secret-canary-7f3a';
    const rejected = await h.call('POST', connections(clinicId), admin, {
      style: 'fhir_r4',
      baseUrl: sim.fhirUrl,
      credentials: { clientId: sim.credentials.fhir.clientId, clientSecret: secret },
    });
    expect([rejected.status, rejected.body.code]).toEqual([422, 'ehrsync.credentials_rejected']);
    await delivered('credentials_rejected_alert', 1);
    expect(mailsToAdmin()).toHaveLength(keyMails + 1);

    const created = await h.call('POST', connections(clinicId), admin, {
      style: 'fhir_r4',
      baseUrl: sim.fhirUrl,
      credentials: {
        clientId: sim.credentials.fhir.clientId,
        clientSecret: sim.credentials.fhir.clientSecret,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    sim.admin.deauthorize();
    expect((await h.call('POST', `${connections(clinicId)}/${id}/check`, admin)).status).toBe(409);
    expect((await h.call('POST', `${connections(clinicId)}/${id}/check`, admin)).status).toBe(409);
    await delivered('connection_deauthorized_alert', 1);
    await delivered('credentials_rejected_alert', 1);
    const all = mailsToAdmin();
    expect(all).toHaveLength(keyMails + 2);
    expect(all.at(-1)!.text).toContain(id);
    for (const mail of notifications.smtp.messages) {
      const text = `${mail.subject}${mail.text}${mail.html}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(sim.credentials.fhir.clientSecret);
    }
  }, 120_000);
});
