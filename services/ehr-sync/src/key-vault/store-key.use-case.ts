import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '@carebus/platform';
import { keyAlreadyStored } from '../ehr-sync.errors';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { factsOf, type KeyFacts, type StoredKey } from './shared-key';
import { SharedKeysRepository } from './shared-keys.repository';
import { wrapActive } from './stored-key-cipher';
import { VaultAccess, type VaultActor } from './vault-access';

export interface StoreKeyCommand extends VaultActor {
  /** The 32-byte key the clinic admin entered (the clinic's own shared encryption key). */
  sek: Buffer;
}

/** A clinic admin stores the clinic's shared encryption key, once; 409 when one is stored already. */
@Injectable()
export class StoreKeyUseCase {
  constructor(
    private readonly vault: VaultAccess,
    private readonly keys: SharedKeysRepository,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(cmd: StoreKeyCommand): Promise<KeyFacts> {
    return this.vault.run(cmd, 'store', async (tx) => {
      if (await this.keys.find(tx, 'update')) throw keyAlreadyStored();
      const keyId = randomUUID();
      const key: StoredKey = {
        clinicId: cmd.clinicId,
        keyId,
        ...wrapActive(this.settings.keks, cmd.clinicId, keyId, cmd.sek),
        createdBy: cmd.principal.subject,
        createdAt: this.clock.now(),
        replacedBy: null,
        replacedAt: null,
        rewrappedAt: null,
        version: 1,
      };
      await this.keys.insert(tx, key);
      return { result: factsOf(key), siteCreatedBy: key.createdBy };
    });
  }
}
