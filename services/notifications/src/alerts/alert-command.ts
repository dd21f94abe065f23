import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { EVENTS, KeyVaultAccessOutcome, KeyVaultAction, SyncRunOutcome } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import type { NotificationKind } from '../templates/notification-kind';

export interface PlanStaffAlertCommand {
  kind: NotificationKind;
  causeEventId: string;
  /** Used when the clinic has no clinical administrator (the site creator's user id). */
  fallbackRecipientUserId: string | null;
  /** Template variables; operator text only, never patient data. */
  alert: Record<string, string>;
  occurredAt: Date;
}

const at = (t: Timestamp | undefined) => (t ? timestampDate(t) : new Date());

/** The staff alert an ehrsync.alert.v1 event calls for; null when none (e.g. a successful sync run). */
export function alertCommandOf(event: ConsumedEvent): PlanStaffAlertCommand | null {
  const causeEventId = event.envelope.id;
  if (isEventOf(event, EVENTS.keyVaultAccessed)) {
    const p = event.payload;
    return {
      kind: 'key_vault_access_alert',
      causeEventId,
      fallbackRecipientUserId: p.siteCreatedBy || null,
      alert: {
        siteId: p.siteId,
        actor: p.actor,
        action: KeyVaultAction[p.action],
        outcome: KeyVaultAccessOutcome[p.outcome],
      },
      occurredAt: at(p.accessedAt),
    };
  }
  if (isEventOf(event, EVENTS.syncRunFinished)) {
    const p = event.payload;
    if (p.outcome === SyncRunOutcome.SUCCEEDED) return null;
    return {
      kind: 'sync_error_alert',
      causeEventId,
      fallbackRecipientUserId: null,
      alert: { connectionId: p.connectionId, outcome: SyncRunOutcome[p.outcome], errorCode: p.errorCode },
      occurredAt: at(p.finishedAt),
    };
  }
  if (isEventOf(event, EVENTS.connectionDeauthorized)) {
    const p = event.payload;
    return {
      kind: 'connection_deauthorized_alert',
      causeEventId,
      fallbackRecipientUserId: null,
      alert: { connectionId: p.connectionId, ehrSystem: p.ehrSystem, errorCode: p.errorCode },
      occurredAt: at(p.detectedAt),
    };
  }
  if (isEventOf(event, EVENTS.credentialsRejected)) {
    const p = event.payload;
    return {
      kind: 'credentials_rejected_alert',
      causeEventId,
      fallbackRecipientUserId: null,
      alert: { connectionId: p.connectionId, ehrSystem: p.ehrSystem, errorCode: p.errorCode },
      occurredAt: at(p.rejectedAt),
    };
  }
  if (isEventOf(event, EVENTS.writeBackParked)) {
    // A write to the EHR gave up: mailed as an EHR sync error, with the parking reason as its code.
    const p = event.payload;
    return {
      kind: 'sync_error_alert',
      causeEventId,
      fallbackRecipientUserId: null,
      alert: { connectionId: p.connectionId, outcome: 'WRITE_BACK_PARKED', errorCode: p.errorCode },
      occurredAt: at(p.parkedAt),
    };
  }
  return null;
}
