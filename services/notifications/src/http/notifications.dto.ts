import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import type { NotificationJob } from '../delivery/notification-job';
import { NOTIFICATION_KINDS } from '../templates/notification-kind';

const STATUSES = ['pending', 'sent', 'failed', 'suppressed'] as const;
const CHANNEL_FILTER = ['email', 'sms', 'push', 'portal'] as const;

export class NotificationQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: CHANNEL_FILTER })
  @IsOptional()
  @IsIn(CHANNEL_FILTER)
  channel?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  appointmentId?: string;

  @ApiPropertyOptional({ description: 'Patient id or staff user id' })
  @IsOptional()
  @IsString()
  recipientId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export class DeliveryLogEntryDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({
    enum: [
      'requested',
      'sent',
      'provider_accepted',
      'failed',
      'retried',
      'suppressed',
      'delayed',
      'in_doubt',
      'fallback',
    ],
  })
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
  @ApiProperty({ enum: STATUSES }) status!: string;
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
      dueAt: new Date(job.dueAt).toISOString(),
      attempts: job.attempts,
      providerMessageId: job.providerMessageId,
      lastError: job.lastError,
      createdAt: new Date(job.createdAt).toISOString(),
      sentAt: job.sentAt ? new Date(job.sentAt).toISOString() : null,
    };
  }
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
