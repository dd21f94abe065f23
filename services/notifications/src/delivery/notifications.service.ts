import { Injectable } from '@nestjs/common';
import { TenantScope, toPage, type Page, type PageRequest } from '@carebus/persistence';
import { notificationNotFound } from '../notifications.errors';
import { DeliveryLogRepository, type LoggedEntry } from './delivery-log.repository';
import type { NotificationJob } from './notification-job';
import { NotificationsRepository, type NotificationFilter } from './notifications.repository';

/** The delivery log as clinic admins read it: notifications by filter, newest first, and one with its log. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly tenant: TenantScope,
    private readonly jobs: NotificationsRepository,
    private readonly log: DeliveryLogRepository,
  ) {}

  async list(
    clinicId: string,
    filter: NotificationFilter,
    page: PageRequest,
  ): Promise<Page<NotificationJob>> {
    const rows = await this.tenant.withTenant(clinicId, (tx) => this.jobs.list(tx, filter, page));
    return toPage(rows, page.limit, (job) => ({ key: job.createdAt.toISOString(), id: job.id }));
  }

  async get(clinicId: string, id: string): Promise<{ job: NotificationJob; log: LoggedEntry[] }> {
    const found = await this.tenant.withTenant(clinicId, async (tx) => {
      const job = await this.jobs.find(tx, id);
      return job && { job, log: await this.log.read(tx, id) };
    });
    if (!found) throw notificationNotFound();
    return found;
  }
}
