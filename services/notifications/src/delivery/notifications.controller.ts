import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { ClinicId, Roles } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import {
  NotificationDto,
  notificationPage,
  NotificationPageDto,
  NotificationQueryDto,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { ResendNotificationUseCase } from './resend-notification.use-case';

/** The delivery log: notifications with their lifecycle, filters, cursor pages; resend of failed ones. */
@ApiTags('delivery log')
@ApiBearerAuth()
@Roles('clinic_admin')
@AuditedResource('notification')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly resendNotification: ResendNotificationUseCase,
  ) {}

  @Get()
  @AuditedResource('notification', { action: 'notifications.list' })
  @ApiOkResponse({ type: NotificationPageDto })
  async list(@Query() q: NotificationQueryDto, @ClinicId() clinicId: string): Promise<NotificationPageDto> {
    const filter = {
      status: q.status,
      kind: q.kind,
      channel: q.channel,
      appointmentId: q.appointmentId,
      recipientId: q.recipientId,
    };
    const page = await this.notifications.list(clinicId, filter, notificationPage(q));
    return { items: page.items.map((job) => NotificationDto.from(job)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One notification with its delivery log' })
  @ApiOkResponse({ type: NotificationDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<NotificationDto> {
    const { job, log } = await this.notifications.get(clinicId, id);
    return NotificationDto.withLog(job, log);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed notification again, from its first channel' })
  @ApiOkResponse({ type: NotificationDto })
  async resend(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
  ): Promise<NotificationDto> {
    return NotificationDto.from(await this.resendNotification.execute({ clinicId, notificationId: id }));
  }
}
