import { UnprocessableError } from '@carebus/errors';
import { Injectable, Logger } from '@nestjs/common';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { EntityManager } from 'typeorm';
import { EVENTS, KeyVaultAccessOutcome, KeyVaultAction, SyncRunOutcome } from '@carebus/contracts';
import { isEventOf, type ConsumedEvent } from '@carebus/messaging-kafka';
import { PlanStaffAlertUseCase, type PlanStaffAlertCommand } from './plan-staff-alert.use-case';

const at = (t: Timestamp | undefined) => (t ? timestampDate(t) : new Date());

/** ehrsync.alert.v1 → e-mail alerts to the clinical administrator (or the site creator). */
@Injectable()
export class AlertEventsHandler {
  private readonly logger = new Logger('AlertEvents');

  constructor(private readonly plan: PlanStaffAlertUseCase) {}

  async handle(event: ConsumedEvent, manager: EntityManager): Promise<void> {
    const command = this.commandOf(event);
    if (!command) return;
    if (command.clinicId !== event.envelope.clinicId) {
      throw new UnprocessableError('notifications.invalid_event', 'clinic_id differs from the clinicid header');
    }
    await manager.query(`SELECT set_config('carebus.clinic_id', $1, true)`, [command.clinicId]);
    await this.plan.execute(manager, command);
    this.logger.log(
      { eventId: event.envelope.id, clinicId: command.clinicId, kind: command.kind },
      'staff alert planned',
    );
  }

  private commandOf(event: ConsumedEvent): PlanStaffAlertCommand | null {
    const causeEventId = event.envelope.id;
    if (isEventOf(event, EVENTS.keyVaultAccessed)) {
      const p = event.payload;
      return {
        clinicId: p.clinicId,
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
        clinicId: p.clinicId,
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
        clinicId: p.clinicId,
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
        clinicId: p.clinicId,
        kind: 'credentials_rejected_alert',
        causeEventId,
        fallbackRecipientUserId: null,
        alert: { connectionId: p.connectionId, ehrSystem: p.ehrSystem, errorCode: p.errorCode },
        occurredAt: at(p.rejectedAt),
      };
    }
    return null;
  }
}
