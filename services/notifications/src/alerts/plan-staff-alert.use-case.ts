import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { Outbox } from '@carebus/outbox';
import type { Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { DeliveryLogRepository } from '../delivery/delivery-log.repository';
import { CLINICAL_ADMIN, type NotificationJob } from '../delivery/notification-job';
import { NotificationEvents } from '../delivery/notification-events';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { DELIVERY_CODES } from '../notifications.errors';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import type { PlanStaffAlertCommand } from './alert-command';

/**
 * An e-mail alert to the clinic's clinical administrator, or to the user who created the site
 * when none is set (the cloud-connect rule). Delivered by the dispatcher like any notification.
 */
@Injectable()
export class PlanStaffAlertUseCase {
  constructor(
    private readonly jobs: NotificationsRepository,
    private readonly log: DeliveryLogRepository,
    private readonly settings: ClinicSettingsRepository,
    private readonly events: NotificationEvents,
    private readonly outbox: Outbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(tx: Tx, cmd: PlanStaffAlertCommand): Promise<void> {
    const now = this.clock.now();
    const settings = await this.settings.get(tx);
    const recipientId = settings.clinicalAdminEmail ? CLINICAL_ADMIN : cmd.fallbackRecipientUserId;
    const job: NotificationJob = {
      id: uuidv7(),
      clinicId: tx.clinicId,
      kind: cmd.kind,
      recipientKind: 'staff',
      recipientId: recipientId ?? 'unknown',
      appointmentId: null,
      causeEventId: cmd.causeEventId,
      dedupeKey: `${cmd.causeEventId}:${cmd.kind}`,
      channels: recipientId ? ['email'] : [],
      channelIndex: 0,
      status: recipientId ? 'pending' : 'failed',
      dueAt: now,
      expiresAt: null,
      attempts: 0,
      leaseOwner: null,
      inDoubtSince: null,
      language: settings.defaultLanguage,
      data: { startTime: cmd.occurredAt.toISOString(), alert: cmd.alert },
      providerMessageId: null,
      lastError: recipientId ? null : DELIVERY_CODES.noRecipient,
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.jobs.insert(tx, job))) return; // the same event planned it already
    const requested = { event: 'requested', channel: 'email' } as const;
    if (recipientId) {
      await this.log.append(tx, job.id, now, [requested]);
      await this.outbox.add(tx, this.events.requested(job));
      return;
    }
    // Nobody to tell: requested and failed at once, both on record.
    const failure = { errorCode: DELIVERY_CODES.noRecipient, permanent: true, attempt: 1 };
    await this.log.append(tx, job.id, now, [requested, { event: 'failed', errorCode: failure.errorCode }]);
    await this.outbox.addAll(tx, [
      this.events.requested(job),
      this.events.of(job, { type: 'failed', channel: 'email', ...failure }, now),
    ]);
  }
}
