import { newClinicId, waitFor } from '@carebus/testing';
import { startNotificationsProcess, type NotificationsProcess } from '../../test/notifications-process';
import { newSek, startVaultHarness, type VaultHarness } from '../../test/key-vault-harness';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';

const vault = (clinicId: string) => `/v1/clinics/${clinicId}/key-vault`;

/**
 * End to end: ehr-sync's outbox → ehrsync.alert.v1 → the real notifications service → SMTP. One
 * e-mail per access, to the clinical administrator, naming the action and outcome and never the key.
 */
describe('key vault alerts reach the clinical administrator by e-mail', () => {
  let h: VaultHarness;
  let notifications: NotificationsProcess;
  const clinicId = newClinicId();
  const adminEmail = `klinikkadmin-${clinicId.slice(0, 8)}@fjordbyen.example`;

  beforeAll(async () => {
    h = await startVaultHarness();
    const { alertTopic } = h.svc.app.get<KeyVaultSettings>(KEY_VAULT_SETTINGS);
    notifications = await startNotificationsProcess(h.svc, alertTopic);
  }, 90_000);
  afterAll(async () => {
    await notifications?.stop();
    await h?.close();
  });

  const mailsToAdmin = () => notifications.smtp.messages.filter((m) => m.envelopeTo.includes(adminEmail));

  /** Every alert event published and planned by notifications, so no e-mail is still on its way. */
  async function settled(events: number): Promise<void> {
    await waitFor(
      async () => {
        const { rows } = await h.sql.query<{ n: string }>(
          `SELECT count(*) AS n FROM notifications.notifications
            WHERE clinic_id = $1 AND kind = 'key_vault_access_alert' AND status IN ('sent', 'failed')`,
          [clinicId],
        );
        return Number(rows[0]!.n) === events || undefined;
      },
      { what: `${events} alert(s) delivered`, timeoutMs: 30_000 },
    );
  }

  it('an admin view sends exactly one alert e-mail; a denied staff attempt one more', async () => {
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
    const sek = newSek();
    expect((await h.call('POST', vault(clinicId), admin, { key: sek })).status).toBe(201);
    await settled(1);
    expect(mailsToAdmin()).toHaveLength(1);

    expect((await h.call('POST', `${vault(clinicId)}/view`, admin)).status).toBe(200);
    await settled(2);
    const afterView = mailsToAdmin();
    expect(afterView).toHaveLength(2);
    expect(afterView[1]!.text).toContain('VIEW');
    expect(afterView[1]!.text).toContain('ALLOWED');
    expect(afterView[1]!.text).toContain('admin-anne');

    const staff = await h.token(clinicId, ['staff'], 'staff-per');
    expect((await h.call('POST', `${vault(clinicId)}/view`, staff)).status).toBe(403);
    await settled(3);
    const all = mailsToAdmin();
    expect(all).toHaveLength(3);
    expect(all[2]!.text).toContain('DENIED');
    expect(all[2]!.text).toContain('staff-per');
    for (const mail of notifications.smtp.messages)
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain(sek);
  }, 120_000);
});
