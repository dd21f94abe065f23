import { Inject, Injectable } from '@nestjs/common';
import { AuditTrail, type AuditActor, type AuditEntry } from '@carebus/audit';
import { hasRole, type Principal } from '@carebus/auth';
import { DomainError } from '@carebus/errors';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { ERROR_CODES, keyVaultForbidden } from '../ehr-sync.errors';
import { keyVaultAccessed, type VaultAction, type VaultOutcome } from './key-vault-events';
import { KEY_VAULT_SETTINGS, type KeyVaultSettings } from './key-vault-settings';
import { SharedKeysRepository } from './shared-keys.repository';

/** Who asks for which clinic's key vault. */
export interface VaultActor {
  clinicId: string;
  principal: Principal;
}

/** What an allowed access did, for its alert: who first stored the key (the fallback recipient). */
export interface VaultWork<T> {
  result: T;
  siteCreatedBy: string | null;
}

/** Only a clinic admin acting for this very clinic may store, view or replace its key. */
export function mayUseVault(principal: Principal, clinicId: string): boolean {
  return hasRole(principal, 'clinic_admin') && sameClinic(principal, clinicId);
}

function sameClinic(principal: Principal, clinicId: string): boolean {
  return principal.clinicId?.toLowerCase() === clinicId.toLowerCase();
}

const KEY_FAILURES: readonly string[] = [ERROR_CODES.keyIntegrityFailed, ERROR_CODES.kekVersionUnknown];

/**
 * The frame of every access to a clinic's key (store, view, replace): access check → work →
 * audit row and KeyVaultAccessed alert, all in the clinic's one transaction. A refused access is
 * alerted to the clinic it targeted (one alert per request) and answered 403; the edge audits it
 * in the caller's trail, and when the caller belongs to another clinic (or none) the targeted
 * clinic's trail gets a `denied` row too, with the alert, so its admin sees the attempt in both.
 * A key that fails its integrity check leaves a `failed` row and alert after the rollback.
 */
@Injectable()
export class VaultAccess {
  constructor(
    private readonly tenant: TenantScope,
    private readonly keys: SharedKeysRepository,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KEY_VAULT_SETTINGS) private readonly settings: KeyVaultSettings,
  ) {}

  async run<T>(actor: VaultActor, action: VaultAction, work: (tx: Tx) => Promise<VaultWork<T>>): Promise<T> {
    if (!mayUseVault(actor.principal, actor.clinicId)) {
      await this.tenant.withTenant(actor.clinicId, (tx) => this.alert(tx, actor, action, 'denied', null));
      throw keyVaultForbidden();
    }
    try {
      return await this.tenant.withTenant(actor.clinicId, async (tx) => {
        const done = await work(tx);
        await this.alert(tx, actor, action, 'allowed', done.siteCreatedBy);
        return done.result;
      });
    } catch (error) {
      if (error instanceof DomainError && KEY_FAILURES.includes(error.code)) {
        await this.tenant.withTenant(actor.clinicId, (tx) => this.alert(tx, actor, action, 'failed', null));
      }
      throw error;
    }
  }

  /** The alert, and the audit row the edge does not write: allowed, failed, or denied across clinics. */
  private async alert(
    tx: Tx,
    actor: VaultActor,
    action: VaultAction,
    outcome: VaultOutcome,
    siteCreatedBy: string | null,
  ): Promise<void> {
    const creator = siteCreatedBy ?? (await this.keys.find(tx, 'none'))?.createdBy ?? null;
    const at = this.clock.now();
    const event = keyVaultAccessed(this.settings.alertTopic, {
      clinicId: actor.clinicId,
      actor: actor.principal.subject,
      action,
      outcome,
      at,
      siteCreatedBy: creator,
    });
    await this.outbox.add(tx, event);
    const edgeRecords = outcome === 'denied' && sameClinic(actor.principal, actor.clinicId);
    if (!edgeRecords)
      await this.audit.record(tx, vaultEntry(actor.clinicId, actor.principal, action, outcome));
  }
}

export function vaultEntry(
  clinicId: string,
  principal: AuditActor,
  action: VaultAction | 'read',
  outcome: VaultOutcome,
): AuditEntry {
  return {
    clinicId,
    principal,
    action: `shared_key.${action}`,
    resourceType: 'shared_key',
    resourceId: clinicId,
    outcome,
  };
}
