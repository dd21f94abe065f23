import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';

/** Kafka's legal topic characters; consumer groups follow the same rule in Carebus. */
export const KAFKA_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
export const MAX_DEAD_LETTER_LIMIT = 1000;

/** Query of `GET /v1/admin/dead-letters`. */
export class DeadLetterQueryDto {
  @ApiPropertyOptional({ description: 'Original topic', example: 'scheduling.appointment.v1' })
  @IsOptional()
  @Matches(KAFKA_NAME, { message: 'topic must be a Kafka topic name' })
  topic?: string;

  @ApiPropertyOptional({ description: 'Consumer group', example: 'notifications' })
  @IsOptional()
  @Matches(KAFKA_NAME, { message: 'group must be a consumer group name' })
  group?: string;

  @ApiPropertyOptional({ description: 'Dead-lettered at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'Dead-lettered at or before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_DEAD_LETTER_LIMIT, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_DEAD_LETTER_LIMIT)
  limit?: number;
}

/** Path of one dead letter: `/:topic/:partition/:offset`. */
export class DeadLetterLocationDto {
  @ApiProperty({ description: 'DLQ topic', example: 'scheduling.appointment.v1.notifications.dlq' })
  @Matches(KAFKA_NAME, { message: 'topic must be a Kafka topic name' })
  topic!: string;

  @ApiProperty({ minimum: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  partition!: number;

  @ApiProperty({ description: 'Offset in the partition', example: '17' })
  @Matches(/^\d{1,19}$/, { message: 'offset must be a non-negative integer' })
  offset!: string;
}

/** Body of `POST /v1/admin/dead-letters/purge`. */
export class DeadLetterPurgeDto {
  @ApiProperty({
    description: 'Original topic (every DLQ of it), or one DLQ topic by name',
    example: 'scheduling.appointment.v1',
  })
  @Matches(KAFKA_NAME, { message: 'topic must be a Kafka topic name' })
  topic!: string;

  @ApiPropertyOptional({ description: 'Consumer group', example: 'notifications' })
  @IsOptional()
  @Matches(KAFKA_NAME, { message: 'group must be a consumer group name' })
  group?: string;

  @ApiProperty({ description: 'Delete the dead letters written before this time (ISO 8601)' })
  @IsISO8601({ strict: true })
  before!: string;
}
