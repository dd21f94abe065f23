import { randomUUID } from 'node:crypto';
import { TenantScope, type Tx } from '@carebus/persistence';
import { newClinicId } from '@carebus/testing';
import { newSek, startVaultHarness, vaultAlerts, type VaultHarness } from '../../test/key-vault-harness';
import { ClinicKeyring } from './clinic-keyring';
import { SealedFieldOwners, type Reseal, type SealedFieldOwner } from './sealed-field-owners';
import type { FieldContext } from './sealed-field';

const vault = (clinicId: string) => `/v1/clinics/${clinicId}/key-vault`;

/** Stands in for the connections of a later step: sealed values per clinic, resealed on a replace. */
class MemoryOwner implements SealedFieldOwner {
  readonly purposes = ['test.secret'];
  readonly values = new Map<string, { field: FieldContext; sealed: string }[]>();

  async resealAll(tx: Tx, reseal: Reseal): Promise<void> {
    this.values.set(
      tx.clinicId,
      (this.values.get(tx.clinicId) ?? []).map((v) => ({
        field: v.field,
        sealed: reseal(v.field, v.sealed),
      })),
    );
  }
}

describe('ClinicKeyring: the engine seals and opens values under the clinic key', () => {
  let h: VaultHarness;
  let keyring: ClinicKeyring;
  let tenant: TenantScope;
  const owner = new MemoryOwner();

  beforeAll(async () => {
    h = await startVaultHarness();
    keyring = h.svc.app.get(ClinicKeyring);
    tenant = h.svc.app.get(TenantScope);
    h.svc.app.get(SealedFieldOwners).register(owner);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('seals and opens for the record and purpose; not an access (no alert)', async () => {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId);
    await h.call('POST', vault(clinicId), admin, { key: newSek() });
    const field = { purpose: 'test.secret', recordId: randomUUID() };
    const sealed = await tenant.withTenant(clinicId, (tx) => keyring.seal(tx, field, 'passord-123'));
    expect(sealed).not.toContain('passord');
    expect(await tenant.withTenant(clinicId, (tx) => keyring.open(tx, field, sealed))).toBe('passord-123');
    await expect(
      tenant.withTenant(clinicId, (tx) => keyring.open(tx, { ...field, recordId: randomUUID() }, sealed)),
    ).rejects.toMatchObject({ code: 'ehrsync.sealed_value_invalid' });
    await expect(
      tenant.withTenant(newClinicId(), (tx) => keyring.seal(tx, field, 'x')),
    ).rejects.toMatchObject({ code: 'ehrsync.key_not_stored' });
    expect((await vaultAlerts(h.sql, clinicId)).map((a) => a.action)).toEqual(['STORE']);
  });

  it('a replace reseals every value under the new key in its transaction; the old sealing no longer opens', async () => {
    const clinicId = newClinicId();
    const admin = await h.token(clinicId);
    await h.call('POST', vault(clinicId), admin, { key: newSek() });
    const fields = [1, 2, 3].map(() => ({ purpose: 'test.secret', recordId: randomUUID() }));
    const before = await tenant.withTenant(clinicId, async (tx) =>
      Promise.all(
        fields.map(async (field, i) => ({ field, sealed: await keyring.seal(tx, field, `hemmelig-${i}`) })),
      ),
    );
    owner.values.set(clinicId, before);

    expect((await h.call('PUT', vault(clinicId), admin, { key: newSek() })).status).toBe(200);

    const after = owner.values.get(clinicId)!;
    const opened = await tenant.withTenant(clinicId, (tx) =>
      Promise.all(after.map((v) => keyring.open(tx, v.field, v.sealed))),
    );
    expect(opened).toEqual(['hemmelig-0', 'hemmelig-1', 'hemmelig-2']);
    await expect(
      tenant.withTenant(clinicId, (tx) => keyring.open(tx, before[0]!.field, before[0]!.sealed)),
    ).rejects.toMatchObject({ code: 'ehrsync.sealed_value_invalid' });
  });

  it('counts seal and open by outcome', async () => {
    const metrics = await (await fetch(`${h.svc.url}/metrics`)).text();
    expect(metrics).toMatch(/carebus_ehrsync_sek_operations_total\{operation="seal",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(
      /carebus_ehrsync_sek_operations_total\{operation="open",outcome="invalid"\} [1-9]/,
    );
  });
});
