import { newClinicId } from '@carebus/testing';
import {
  newSek,
  startVaultHarness,
  vaultAlerts,
  vaultAudit,
  type VaultHarness,
} from '../../test/key-vault-harness';

const vault = (clinicId: string) => `/v1/clinics/${clinicId}/key-vault`;

describe('key vault: clinic admins store, view and replace the clinic key; every access is audited and alerted', () => {
  let h: VaultHarness;

  beforeAll(async () => {
    h = await startVaultHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores, views and replaces: the key leaves only through view, each access audited with one alert', async () => {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId, ['clinic_admin'], 'admin-anna');
    const sek = newSek();

    const stored = await h.call('POST', vault(clinicId), admin, { key: sek });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ clinicId, kekVersion: 'v1', version: 1, createdBy: 'admin-anna' });
    expect(JSON.stringify(stored.body)).not.toContain(sek);

    const facts = await h.call('GET', vault(clinicId), admin);
    expect(facts.body).toMatchObject({ keyId: stored.body.keyId, kekVersion: 'v1' });
    expect(JSON.stringify(facts.body)).not.toContain(sek);

    const viewed = await h.call('POST', `${vault(clinicId)}/view`, admin);
    expect(viewed.status).toBe(200);
    expect(viewed.body.key).toBe(sek);

    const next = newSek();
    const replaced = await h.call('PUT', vault(clinicId), admin, { key: next, expectedVersion: 1 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, replacedBy: 'admin-anna' });
    expect(replaced.body.keyId).not.toBe(stored.body.keyId);
    expect((await h.call('POST', `${vault(clinicId)}/view`, admin)).body.key).toBe(next);

    expect((await vaultAudit(h.sql, clinicId)).map((r) => `${r.action}:${r.outcome}`)).toEqual([
      'shared_key.store:allowed',
      'shared_key.read:allowed',
      'shared_key.view:allowed',
      'shared_key.replace:allowed',
      'shared_key.view:allowed',
    ]);
    expect(await vaultAlerts(h.sql, clinicId)).toEqual(
      ['STORE', 'VIEW', 'REPLACE', 'VIEW'].map((action) => ({
        actor: 'admin-anna',
        action,
        outcome: 'ALLOWED',
        siteCreatedBy: 'admin-anna',
      })),
    );
    const { rows } = await h.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM ehr_sync.shared_keys WHERE clinic_id = $1
          AND position(decode($2, 'base64') IN ciphertext) = 0`,
      [clinicId, next],
    );
    expect(rows[0]!.n).toBe('1'); // stored wrapped, never in clear
  });

  it('refuses staff of the clinic with 403, audited by the edge and alerted to the clinic', async () => {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId, ['clinic_admin'], 'admin-bo');
    await h.call('POST', vault(clinicId), admin, { key: newSek() });
    const staff = await h.token(clinicId, ['staff', 'practitioner'], 'staff-siv');

    const answer = await h.call('POST', `${vault(clinicId)}/view`, staff);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('ehrsync.key_vault_forbidden');
    expect(JSON.stringify(answer.body)).not.toMatch(/[A-Za-z0-9+/]{43}=/);

    const audit = await vaultAudit(h.sql, clinicId);
    expect(audit.filter((r) => r.subject === 'staff-siv')).toEqual([
      { subject: 'staff-siv', action: 'shared_key.view', outcome: 'denied', resourceId: clinicId },
    ]);
    const alerts = await vaultAlerts(h.sql, clinicId);
    expect(alerts.filter((a) => a.actor === 'staff-siv')).toEqual([
      { actor: 'staff-siv', action: 'VIEW', outcome: 'DENIED', siteCreatedBy: 'admin-bo' },
    ]);
  });

  it("refuses another clinic's admin: denied in both clinics' trails, alerted to the clinic it targeted", async () => {
    const target = newClinicId();
    const other = newClinicId();
    await h.call('POST', vault(target), await h.token(target, ['clinic_admin'], 'admin-cato'), {
      key: newSek(),
    });
    const intruder = await h.token(other, ['clinic_admin'], 'admin-elsewhere');

    for (const [method, path, body] of [
      ['POST', `${vault(target)}/view`, undefined],
      ['PUT', vault(target), { key: newSek() }],
      ['POST', vault(target), { key: newSek() }],
    ] as const) {
      const answer = await h.call(method, path, intruder, body);
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('ehrsync.key_vault_forbidden');
    }
    const targetAudit = await vaultAudit(h.sql, target);
    expect(
      targetAudit.filter((r) => r.subject === 'admin-elsewhere').map((r) => `${r.action}:${r.outcome}`),
    ).toEqual(['shared_key.view:denied', 'shared_key.replace:denied', 'shared_key.store:denied']);
    expect((await vaultAudit(h.sql, other)).map((r) => `${r.action}:${r.outcome}:${r.resourceId}`)).toEqual([
      `shared_key.view:denied:${target}`,
      `shared_key.replace:denied:${target}`,
      `shared_key.store:denied:${target}`,
    ]);
    const alerts = (await vaultAlerts(h.sql, target)).filter((a) => a.actor === 'admin-elsewhere');
    expect(alerts.map((a) => `${a.action}:${a.outcome}`)).toEqual([
      'VIEW:DENIED',
      'REPLACE:DENIED',
      'STORE:DENIED',
    ]);
    expect(await vaultAlerts(h.sql, other)).toEqual([]);
    // The key is the one the clinic stored.
    const { rows } = await h.sql.query('SELECT version FROM ehr_sync.shared_keys WHERE clinic_id = $1', [
      target,
    ]);
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('answers clear 4xx codes: no key yet, a second store, a stale version, a malformed key', async () => {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId);
    expect((await h.call('POST', `${vault(clinicId)}/view`, admin)).body.code).toBe('ehrsync.key_not_stored');
    expect((await h.call('PUT', vault(clinicId), admin, { key: newSek() })).body.code).toBe(
      'ehrsync.key_not_stored',
    );
    expect((await h.call('POST', vault(clinicId), admin, { key: newSek() })).status).toBe(201);
    const again = await h.call('POST', vault(clinicId), admin, { key: newSek() });
    expect([again.status, again.body.code]).toEqual([409, 'ehrsync.key_already_stored']);
    const stale = await h.call('PUT', vault(clinicId), admin, { key: newSek(), expectedVersion: 7 });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([
      409,
      'ehrsync.key_version_mismatch',
      1,
    ]);
    for (const key of ['short', 'A'.repeat(43) + '==', Buffer.alloc(31).toString('base64'), 42]) {
      const bad = await h.call('PUT', vault(clinicId), admin, { key });
      expect([bad.status, bad.body.code]).toEqual([400, 'validation.failed']);
    }
    const operator = await h.token(null, ['operator'], 'ops');
    expect((await h.call('POST', `${vault(clinicId)}/view`, operator)).status).toBe(403);
    expect((await vaultAlerts(h.sql, clinicId)).map((a) => `${a.actor}:${a.outcome}`)).toContain(
      'ops:DENIED',
    );
  });
});
