import { Inject, Injectable } from '@nestjs/common';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { DELIVERY_CODES, notificationNotFound, notResendable } from '../notifications.errors';
import { AttemptRecorder } from './attempt-recorder';
import { settle } from './job-change';
import type { NotificationJob } from './notification-job';
import { NotificationsRepository } from './notifications.repository';

export interface ResendNotificationCommand {
  clinicId: string;
  notificationId: string;
}

/** A failed notification goes out again from its first channel, due now. */
@Injectable()
export class ResendNotificationUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly jobs: NotificationsRepository,
    private readonly recorder: AttemptRecorder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: ResendNotificationCommand): Promise<NotificationJob> {
    const now = this.clock.now();
    return this.tenant.withTenant(command.clinicId, async (tx) => {
      const job = await this.jobs.lock(tx, command.notificationId);
      if (!job) throw notificationNotFound();
      if (job.status !== 'failed' || job.channels.length === 0) throw notResendable();
      const again = { status: 'pending', channelIndex: 0, dueAt: now, lastError: null } as const;
      await this.recorder.record(
        tx,
        job,
        {
          change: settle(job, again),
          log: [{ event: 'requested', channel: job.channels[0], errorCode: DELIVERY_CODES.resend }],
          events: [],
        },
        now,
      );
      return { ...job, ...again };
    });
  }
}
