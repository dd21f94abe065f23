import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, type Clock } from '@carebus/platform';
import { keyNotStored, keyVersionMismatch, sealedValueInvalid } from '../ehr-sync.errors';
import { ClinicKeyring } from './clinic-keyring';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { openField, sealField } from './sealed-field';
import { SealedFieldOwners } from './sealed-field-owners';
import { factsOf, type KeyFacts, type StoredKey } from './shared-key';
import { SharedKeysRepository } from './shared-keys.repository';
import { unwrapStored, wrapActive } from './stored-key-cipher';
import { VaultAccess, type VaultActor } from './vault-access';

export interface ReplaceKeyCommand extends VaultActor {
  sek: Buffer;
  /** The version the admin last saw; a mismatch is 409 `ehrsync.key_version_mismatch`. */
  expectedVersion?: number;
}

/**
 * A clinic admin replaces the clinic's key (the site's key changed). In one transaction under the
 * row lock: the new key is wrapped under the active KEK with a new key id, and every value sealed
 * under the old key is resealed under the new one (SealedFieldOwners), so nothing is lost.
 */
@Injectable()
export class ReplaceKeyUseCase {
  constructor(
    private readonly vault: VaultAccess,
    private readonly keys: SharedKeysRepository,
    private readonly owners: SealedFieldOwners,
    private readonly keyring: ClinicKeyring,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(cmd: ReplaceKeyCommand): Promise<KeyFacts> {
    const facts = await this.vault.run(cmd, 'replace', async (tx) => {
      const old = await this.keys.find(tx, 'update');
      if (!old) throw keyNotStored();
      if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== old.version) {
        throw keyVersionMismatch(old.version);
      }
      const oldSek = unwrapStored(this.settings.keks, old);
      const keyId = randomUUID();
      const key: StoredKey = {
        ...old,
        keyId,
        ...wrapActive(this.settings.keks, cmd.clinicId, keyId, cmd.sek),
        replacedBy: cmd.principal.subject,
        replacedAt: this.clock.now(),
        rewrappedAt: null,
        version: old.version + 1,
      };
      await this.owners.resealAll(tx, (field, sealed) => {
        const plaintext = openField(oldSek, cmd.clinicId, field, sealed);
        if (plaintext === undefined) throw sealedValueInvalid();
        return sealField(cmd.sek, cmd.clinicId, keyId, field, plaintext);
      });
      if (!(await this.keys.replace(tx, key, old.version))) throw keyVersionMismatch(old.version);
      return { result: factsOf(key), siteCreatedBy: old.createdBy };
    });
    this.keyring.forget(cmd.clinicId);
    return facts;
  }
}
