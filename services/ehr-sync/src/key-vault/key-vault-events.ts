import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { EVENTS, KeyVaultAccessOutcome, KeyVaultAction } from '@carebus/contracts';
import { outboxEventOf, type OutboxEvent } from '@carebus/outbox';

export type VaultAction = 'store' | 'view' | 'replace';
export type VaultOutcome = 'allowed' | 'denied' | 'failed';

const ACTIONS: Record<VaultAction, KeyVaultAction> = {
  store: KeyVaultAction.STORE,
  view: KeyVaultAction.VIEW,
  replace: KeyVaultAction.REPLACE,
};

const OUTCOMES: Record<VaultOutcome, KeyVaultAccessOutcome> = {
  allowed: KeyVaultAccessOutcome.ALLOWED,
  denied: KeyVaultAccessOutcome.DENIED,
  failed: KeyVaultAccessOutcome.FAILED,
};

export interface VaultAccess {
  /** The clinic whose key was asked for (one key per clinic: the clinic is the site). */
  clinicId: string;
  actor: string;
  action: VaultAction;
  outcome: VaultOutcome;
  at: Date;
  /** Who first stored the clinic's key: the alert's recipient when the clinic names no clinical administrator. */
  siteCreatedBy: string | null;
}

/** KeyVaultAccessed on ehrsync.alert.v1, keyed by the clinic: no key material, ids and verbs only. */
export function keyVaultAccessed(topic: string, a: VaultAccess): OutboxEvent {
  return outboxEventOf(
    EVENTS.keyVaultAccessed,
    { topic, aggregateId: a.clinicId, clinicId: a.clinicId, time: a.at },
    {
      clinicId: a.clinicId,
      siteId: a.clinicId,
      actor: a.actor,
      action: ACTIONS[a.action],
      outcome: OUTCOMES[a.outcome],
      accessedAt: timestampFromDate(a.at),
      siteCreatedBy: a.siteCreatedBy ?? '',
    },
  );
}
