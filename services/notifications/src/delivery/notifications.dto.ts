import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { pageRequest, type PageRequest } from '@carebus/persistence';
import { PageQueryDto } from '@carebus/platform';
import { DELIVERY_CHANNELS } from '../channels/channel';
import { forgedCursor } from '../notifications.errors';
import { NOTIFICATION_KINDS } from '../templates/notification-kind';
import type { LoggedEntry } from './delivery-log.repository';
import { DELIVERY_EVENTS, NOTIFICATION_STATUSES, type NotificationJob } from './notification-job';

/** The list's own filters; `?limit&cursor` come from the platform's PageQueryDto. */
export class NotificationFilterDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: (typeof NOTIFICATION_STATUSES)[number];

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  appointmentId?: string;

  @ApiPropertyOptional({ description: 'Patient id or staff user id' })
  @IsOptional()
  @IsString()
  recipientId?: string;
}

export class NotificationQueryDto extends IntersectionType(NotificationFilterDto, PageQueryDto) {}

/** The page asked for. Its cursor's key is the creation instant this API wrote (ISO 8601). */
export function notificationPage(query: NotificationQueryDto): PageRequest {
  const page = pageRequest(query);
  if (page.after && !isIsoInstant(page.after.key)) throw forgedCursor();
  return page;
}

function isIsoInstant(key: string): boolean {
  const at = new Date(key);
  return !Number.isNaN(at.getTime()) && at.toISOString() === key;
}

export class DeliveryLogEntryDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: DELIVERY_EVENTS })
  event!: string;

  @ApiPropertyOptional({ nullable: true })
  channel!: string | null;

  @ApiPropertyOptional({ nullable: true })
  attempt!: number | null;

  @ApiPropertyOptional({ nullable: true })
  providerMessageId!: string | null;

  @ApiPropertyOptional({ nullable: true })
  errorCode!: string | null;
}

/** A notification without contact data or text (those are resolved only at send time). */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ enum: ['patient', 'staff'] }) recipientKind!: string;
  @ApiProperty() recipientId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) appointmentId!: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status!: string;
  @ApiProperty({ type: [String], description: 'Channel order: the first, then fallbacks' })
  channels!: string[];
  @ApiPropertyOptional({ nullable: true }) channel!: string | null;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true }) providerMessageId!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiPropertyOptional({ type: [DeliveryLogEntryDto] }) log?: DeliveryLogEntryDto[];

  static from(job: NotificationJob): NotificationDto {
    return {
      id: job.id,
      kind: job.kind,
      recipientKind: job.recipientKind,
      recipientId: job.recipientId,
      appointmentId: job.appointmentId,
      status: job.status,
      channels: job.channels,
      channel: job.channels[job.channelIndex] ?? null,
      dueAt: job.dueAt.toISOString(),
      attempts: job.attempts,
      providerMessageId: job.providerMessageId,
      lastError: job.lastError,
      createdAt: job.createdAt.toISOString(),
      sentAt: job.sentAt ? job.sentAt.toISOString() : null,
    };
  }

  static withLog(job: NotificationJob, log: LoggedEntry[]): NotificationDto {
    return {
      ...NotificationDto.from(job),
      log: log.map((e) => ({ ...e, at: e.at.toISOString() })),
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
