import { type DynamicModule, Module } from '@nestjs/common';
import type { EhrSyncConfig } from '../service';
import { ClinicKeyring } from './clinic-keyring';
import { KekRotation } from './kek-rotation';
import { KekRotationController } from './kek-rotation.controller';
import { KeyMetrics } from './key-metrics';
import { KEY_VAULT_SETTINGS, keyVaultSettingsOf, type KeyVaultSettings } from './key-vault-settings';
import { KeyVaultController } from './key-vault.controller';
import { ReadKeyFactsUseCase } from './read-key-facts.use-case';
import { ReplaceKeyUseCase } from './replace-key.use-case';
import { SealedFieldOwners } from './sealed-field-owners';
import { SharedKeysRepository } from './shared-keys.repository';
import { StoreKeyUseCase } from './store-key.use-case';
import { VaultAccess } from './vault-access';
import { ViewKeyUseCase } from './view-key.use-case';

/**
 * Each clinic's shared encryption key, wrapped by a KEK (envelope encryption): the admins' vault
 * (REST), the operators' KEK rotation, and ClinicKeyring + SealedFieldOwners for the features
 * that keep patient data sealed under the clinic's key.
 */
@Module({})
export class KeyVaultModule {
  static forRoot(config: EhrSyncConfig, overrides: Partial<KeyVaultSettings> = {}): DynamicModule {
    return {
      module: KeyVaultModule,
      controllers: [KeyVaultController, KekRotationController],
      providers: [
        { provide: KEY_VAULT_SETTINGS, useValue: { ...keyVaultSettingsOf(config), ...overrides } },
        SharedKeysRepository,
        KeyMetrics,
        VaultAccess,
        SealedFieldOwners,
        ClinicKeyring,
        StoreKeyUseCase,
        ViewKeyUseCase,
        ReplaceKeyUseCase,
        ReadKeyFactsUseCase,
        KekRotation,
      ],
      exports: [ClinicKeyring, SealedFieldOwners],
    };
  }
}
