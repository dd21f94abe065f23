import { Inject, Injectable } from '@nestjs/common';
import { keyNotStored } from '../ehr-sync.errors';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { factsOf, type KeyFacts } from './shared-key';
import { SharedKeysRepository } from './shared-keys.repository';
import { unwrapStored } from './stored-key-cipher';
import { VaultAccess, type VaultActor } from './vault-access';

export interface ViewedKey extends KeyFacts {
  sek: Buffer;
}

/** A clinic admin views the clinic's key: the one place it leaves the vault in clear. Audited and alerted. */
@Injectable()
export class ViewKeyUseCase {
  constructor(
    private readonly vault: VaultAccess,
    private readonly keys: SharedKeysRepository,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
  ) {}

  execute(cmd: VaultActor): Promise<ViewedKey> {
    return this.vault.run(cmd, 'view', async (tx) => {
      const key = await this.keys.find(tx, 'share');
      if (!key) throw keyNotStored();
      const sek = unwrapStored(this.settings.keks, key);
      return { result: { ...factsOf(key), sek }, siteCreatedBy: key.createdBy };
    });
  }
}
