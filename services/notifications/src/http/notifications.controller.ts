import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ConflictError, NotFoundError, ValidationError } from '@carebus/errors';
import { inTenantTransaction, ParseUuidPipe } from '@carebus/platform';
import { CLOCK, type Clock } from '../clock';
import { NotificationsRepository } from '../delivery/notifications.repository';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notifications.dto';
import { tenantOf } from './settings.controller';

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (!Number.isNaN(Date.parse(createdAt)) && /^[0-9a-f-]{36}$/.test(id)) return { createdAt, id };
  } catch {
    // falls through to the 400
  }
  throw new ValidationError([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}

/** The delivery log: notifications with their lifecycle, filters, cursor pages; resend of failed ones. */
@ApiTags('delivery log')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOkResponse({ type: NotificationPageDto })
  async list(
    @Query() q: NotificationQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPageDto> {
    const clinicId = tenantOf(principal);
    const limit = q.limit ?? 50;
    const rows = await inTenantTransaction(this.dataSource, clinicId, (m) =>
      this.notifications.list(m, clinicId, {
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.appointmentId ? { appointmentId: q.appointmentId } : {}),
        ...(q.recipientId ? { recipientId: q.recipientId } : {}),
        ...(q.cursor ? { after: decodeCursor(q.cursor) } : {}),
        limit: limit + 1,
      }),
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? Buffer.from(JSON.stringify([new Date(last.createdAt).toISOString(), last.id])).toString('base64url')
        : null;
    return { items: page.map((job) => NotificationDto.from(job)), nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification with its delivery log' })
  @ApiOkResponse({ type: NotificationDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationDto> {
    const clinicId = tenantOf(principal);
    const found = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      const job = await this.notifications.find(m, clinicId, id);
      return job ? { job, log: await this.notifications.logOf(m, clinicId, id) } : null;
    });
    if (!found) throw new NotFoundError('notifications.notification_not_found', 'No such notification.');
    return {
      ...NotificationDto.from(found.job),
      log: found.log.map((e) => ({
        at: new Date(e.at).toISOString(),
        event: e.event,
        channel: e.channel ?? null,
        attempt: e.attempt ?? null,
        providerMessageId: e.providerMessageId ?? null,
        errorCode: e.errorCode ?? null,
      })),
    };
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed notification again, from its first channel' })
  @ApiOkResponse({ type: NotificationDto })
  async resend(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationDto> {
    const clinicId = tenantOf(principal);
    const now = this.clock.now();
    const job = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      const current = await this.notifications.lock(m, clinicId, id);
      if (!current) throw new NotFoundError('notifications.notification_not_found', 'No such notification.');
      if (current.status !== 'failed' || current.channels.length === 0) {
        throw new ConflictError(
          'notifications.not_resendable',
          'Only a failed notification with a channel can be resent.',
        );
      }
      await this.notifications.update(m, id, {
        status: 'pending',
        channelIndex: 0,
        dueAt: now,
        lastError: null,
        leaseOwner: null,
        leaseUntil: null,
      });
      await this.notifications.log(m, clinicId, [id], now, {
        event: 'requested',
        channel: current.channels[0] ?? null,
        errorCode: 'notifications.resend',
      });
      return { ...current, status: 'pending' as const, channelIndex: 0, dueAt: now, lastError: null };
    });
    return NotificationDto.from(job);
  }
}
