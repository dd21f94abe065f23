import { randomUUID } from 'node:crypto';
import { TenantScope } from '@carebus/persistence';
import { newClinicId } from '@carebus/testing';
import { newKek } from '../../test/ehr-sync-under-test';
import {
  newSek,
  startVaultHarness,
  vaultAlerts,
  vaultAudit,
  type VaultHarness,
} from '../../test/key-vault-harness';
import { ClinicKeyring } from './clinic-keyring';

const vault = (clinicId: string) => `/v1/clinics/${clinicId}/key-vault`;
const field = { purpose: 'connection.credentials', recordId: randomUUID() };

describe('key vault: a stored key changed in SQL is detected, never used', () => {
  let h: VaultHarness;

  beforeAll(async () => {
    // Two KEKs, so a relabelled KEK version names a key that exists but does not fit.
    h = await startVaultHarness({
      EHR_SYNC_KEKS: `v1:${newKek()},v2:${newKek()}`,
      EHR_SYNC_KEK_ACTIVE: 'v1',
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function storedClinic(): Promise<{ clinicId: string; admin: string; sek: string }> {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId, ['clinic_admin'], 'admin-tove');
    const sek = newSek();
    expect((await h.call('POST', vault(clinicId), admin, { key: sek })).status).toBe(201);
    return { clinicId, admin, sek };
  }

  const tamperings: [string, string, number, string][] = [
    [
      'the ciphertext',
      `ciphertext = set_byte(ciphertext, 5, get_byte(ciphertext, 5) # 1)`,
      422,
      'ehrsync.key_integrity_failed',
    ],
    [
      'the GCM tag',
      `ciphertext = set_byte(ciphertext, 47, get_byte(ciphertext, 47) # 128)`,
      422,
      'ehrsync.key_integrity_failed',
    ],
    ['the nonce', `nonce = set_byte(nonce, 0, get_byte(nonce, 0) # 1)`, 422, 'ehrsync.key_integrity_failed'],
    ['the key id', `key_id = gen_random_uuid()`, 422, 'ehrsync.key_integrity_failed'],
    [
      'the KEK version (to another configured one)',
      `kek_version = 'v2'`,
      422,
      'ehrsync.key_integrity_failed',
    ],
    ['the KEK version (to one not configured)', `kek_version = 'v9'`, 422, 'ehrsync.kek_version_unknown'],
  ];

  it.each(tamperings)(
    'changing %s (%s): view answers %i %s, audited and alerted as failed',
    async (_what, set, status, code) => {
      const { clinicId, admin, sek } = await storedClinic();
      await h.sql.query(`UPDATE ehr_sync.shared_keys SET ${set} WHERE clinic_id = $1`, [clinicId]);

      const answer = await h.call('POST', `${vault(clinicId)}/view`, admin);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
      expect(JSON.stringify(answer.body)).not.toContain(sek);
      const problemFields = ['code', 'detail', 'instance', 'status', 'title', 'traceId', 'type'];
      expect(Object.keys(answer.body).filter((k) => !problemFields.includes(k))).toEqual([]);

      expect((await vaultAudit(h.sql, clinicId)).map((r) => `${r.action}:${r.outcome}`)).toEqual([
        'shared_key.store:allowed',
        'shared_key.view:failed',
      ]);
      expect((await vaultAlerts(h.sql, clinicId)).map((a) => `${a.action}:${a.outcome}`)).toEqual([
        'STORE:ALLOWED',
        'VIEW:FAILED',
      ]);
      // Neither can a replace go on from a key it cannot read, nor the engine use it.
      const replace = await h.call('PUT', vault(clinicId), admin, { key: newSek() });
      expect(replace.body.code).toBe(code);
      const keyring = h.svc.app.get(ClinicKeyring);
      await expect(
        h.svc.app.get(TenantScope).withTenant(clinicId, (tx) => keyring.seal(tx, field, 'hemmelig')),
      ).rejects.toMatchObject({ code });
    },
  );

  it("moving a clinic's wrapped key to another clinic does not open there", async () => {
    const { clinicId } = await storedClinic();
    const elsewhere = newClinicId();
    await h.sql.query(`UPDATE ehr_sync.shared_keys SET clinic_id = $2 WHERE clinic_id = $1`, [
      clinicId,
      elsewhere,
    ]);
    const admin = await h.token(elsewhere, ['clinic_admin']);
    const answer = await h.call('POST', `${vault(elsewhere)}/view`, admin);
    expect([answer.status, answer.body.code]).toEqual([422, 'ehrsync.key_integrity_failed']);
  });

  it("copying one clinic's wrapped key over another's does not open there", async () => {
    const a = await storedClinic();
    const b = await storedClinic();
    await h.sql.query(
      `UPDATE ehr_sync.shared_keys t SET key_id = s.key_id, nonce = s.nonce, ciphertext = s.ciphertext
         FROM ehr_sync.shared_keys s WHERE s.clinic_id = $1 AND t.clinic_id = $2`,
      [a.clinicId, b.clinicId],
    );
    const answer = await h.call('POST', `${vault(b.clinicId)}/view`, b.admin);
    expect([answer.status, answer.body.code]).toEqual([422, 'ehrsync.key_integrity_failed']);
    expect(JSON.stringify(answer.body)).not.toContain(a.sek);
  });

  it('counts the engine failures by operation and outcome, with no clinic in the labels', async () => {
    const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
    const lines = metrics.split('\n').filter((l) => l.startsWith('carebus_ehrsync_sek_operations_total{'));
    expect(
      lines.some((l) => l.includes('operation="unwrap"') && l.includes('outcome="integrity_failed"')),
    ).toBe(true);
    expect(lines.some((l) => l.includes('outcome="kek_unknown"'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
