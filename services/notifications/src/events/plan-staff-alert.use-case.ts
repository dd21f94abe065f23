import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock';
import { CLINICAL_ADMIN } from '../delivery/message-composer';
import type { NotificationJob } from '../delivery/notification-job';
import { NotificationEvents } from '../delivery/notification-events';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { ClinicSettingsRepository } from '../settings/clinic-settings.repository';
import type { NotificationKind } from '../templates/notification-kind';

export interface PlanStaffAlertCommand {
  clinicId: string;
  kind: NotificationKind;
  causeEventId: string;
  /** Used when the clinic has no clinical administrator (the site creator's user id). */
  fallbackRecipientUserId: string | null;
  /** Template variables; operator text only, never patient data. */
  alert: Record<string, string>;
  occurredAt: Date;
}

/**
 * An e-mail alert to the clinic's clinical administrator, or to the user who created the site
 * when none is set (the cloud-connect rule). Delivered by the dispatcher like any notification.
 */
@Injectable()
export class PlanStaffAlertUseCase {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly settings: ClinicSettingsRepository,
    private readonly events: NotificationEvents,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(m: EntityManager, cmd: PlanStaffAlertCommand): Promise<void> {
    const now = this.clock.now();
    const settings = await this.settings.get(m, cmd.clinicId);
    const recipientId = settings.clinicalAdminEmail ? CLINICAL_ADMIN : cmd.fallbackRecipientUserId;
    const job: NotificationJob = {
      id: uuidv7(),
      clinicId: cmd.clinicId,
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
      lastError: recipientId ? null : 'notifications.no_recipient',
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.notifications.insert(m, job, now))) return;
    await this.notifications.log(m, cmd.clinicId, [job.id], now, { event: 'requested', channel: 'email' });
    await this.events.requested(m, job);
    if (!recipientId) {
      await this.notifications.log(m, cmd.clinicId, [job.id], now, {
        event: 'failed',
        errorCode: 'notifications.no_recipient',
      });
      await this.events.failed(
        m,
        job,
        'email',
        { errorCode: 'notifications.no_recipient', permanent: true, attempt: 1 },
        now,
      );
    }
  }
}
