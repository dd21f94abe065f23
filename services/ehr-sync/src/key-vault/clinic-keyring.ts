import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DomainError } from '@carebus/errors';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { ERROR_CODES, keyNotStored, sealedValueInvalid } from '../ehr-sync.errors';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { KeyMetrics, type KeyOperation, type KeyOperationOutcome } from './key-metrics';
import { openField, sealField, sealedKeyId, type FieldContext } from './sealed-field';
import { SekCache } from './sek-cache';
import { SharedKeysRepository } from './shared-keys.repository';
import { unwrapStored } from './stored-key-cipher';

const OUTCOMES: Record<string, KeyOperationOutcome> = {
  [ERROR_CODES.keyNotStored]: 'no_key',
  [ERROR_CODES.sealedValueInvalid]: 'invalid',
  [ERROR_CODES.keyIntegrityFailed]: 'integrity_failed',
  [ERROR_CODES.kekVersionUnknown]: 'kek_unknown',
};

/**
 * The sync engine's way to keep patient data encrypted under the clinic's shared encryption key
 * (SEK) in its tables: `seal` a value for a record's field, `open` it again, inside the caller's
 * transaction. The key's row is share-locked there, so a replace (which reseals every value under
 * the new key in its own transaction) waits until the caller commits and never misses a value.
 * Not an access (no audit row, no alert): counted in `carebus_ehrsync_sek_operations_total`.
 */
@Injectable()
export class ClinicKeyring implements OnModuleInit, OnModuleDestroy {
  private readonly cache: SekCache;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly keys: SharedKeysRepository,
    private readonly metrics: KeyMetrics,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.cache = new SekCache(settings.sekCacheMs, () => clock.now().getTime());
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.cache.sweep(), Math.min(this.settings.sekCacheMs, 60_000));
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** `plaintext` sealed under the clinic's current key (`sek1.…` text); 404 `ehrsync.key_not_stored` without one. */
  seal(tx: Tx, field: FieldContext, plaintext: string): Promise<string> {
    return this.counted('seal', async () => {
      const { keyId, sek } = await this.currentKey(tx);
      return sealField(sek, tx.clinicId, keyId, field, plaintext);
    });
  }

  /** A sealed value opened; 422 `ehrsync.sealed_value_invalid` when it does not open for this record and field. */
  open(tx: Tx, field: FieldContext, sealed: string): Promise<string> {
    return this.counted('open', async () => {
      const { keyId, sek } = await this.currentKey(tx);
      if (sealedKeyId(sealed) !== keyId) throw sealedValueInvalid();
      const plaintext = openField(sek, tx.clinicId, field, sealed);
      if (plaintext === undefined) throw sealedValueInvalid();
      return plaintext;
    });
  }

  /** Whether the clinic has a key to seal under (share-locked like seal, so a check-then-seal holds). */
  async hasKey(tx: Tx): Promise<boolean> {
    return (await this.keys.currentKeyId(tx)) !== null;
  }

  /** Forgets the clinic's cached key on this replica (after a replace). */
  forget(clinicId: string): void {
    this.cache.forget(clinicId);
  }

  private async currentKey(tx: Tx): Promise<{ keyId: string; sek: Buffer }> {
    const keyId = await this.keys.currentKeyId(tx);
    if (!keyId) throw keyNotStored();
    const cached = this.cache.get(tx.clinicId, keyId);
    if (cached) return { keyId, sek: Buffer.from(cached) }; // a copy: a replace may zero the cached one
    const stored = await this.keys.find(tx, 'none');
    if (!stored) throw keyNotStored();
    const sek = await this.counted('unwrap', () => Promise.resolve(unwrapStored(this.settings.keks, stored)));
    this.cache.put(tx.clinicId, keyId, Buffer.from(sek));
    return { keyId, sek };
  }

  private async counted<T>(operation: KeyOperation, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.metrics.count(operation, 'ok');
      return result;
    } catch (error) {
      const outcome = error instanceof DomainError ? OUTCOMES[error.code] : undefined;
      if (outcome) this.metrics.count(operation, outcome);
      throw error;
    }
  }
}
