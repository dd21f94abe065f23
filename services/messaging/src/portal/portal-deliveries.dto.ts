import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ValidationError } from '@carebus/errors';
import {
  RENEWAL_OUTCOMES,
  type DeliveryStatus,
  type PortalDelivery,
  type PortalMessageContent,
  type RenewalOutcome,
} from './portal-delivery';

const ANSWER_KINDS = ['dialogue_answer', 'renewal_answer'] as const;

export class QueuePortalMessageBodyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  @ApiProperty({ enum: ANSWER_KINDS })
  @IsIn(ANSWER_KINDS)
  kind!: (typeof ANSWER_KINDS)[number];

  @ApiProperty({
    description: "The client's key for this message: the same key again answers the message queued then.",
    pattern: '^[A-Za-z0-9._:-]{8,120}$',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/)
  idempotencyKey!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The thread it answers.' })
  @IsOptional()
  @IsUUID()
  threadId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  subject?: string;

  @ApiProperty({ minLength: 1, maxLength: 65536, description: 'Patient data: never logged.' })
  @IsString()
  @MinLength(1)
  @MaxLength(65536)
  body!: string;

  @ApiPropertyOptional({ enum: RENEWAL_OUTCOMES, description: 'Required for a renewal answer.' })
  @IsOptional()
  @IsIn(RENEWAL_OUTCOMES)
  renewalOutcome?: RenewalOutcome;

  @ApiPropertyOptional({ type: [String], description: 'partly_renewed: the prescriptions renewed.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  renewedItems?: string[];
}

/** The content of a staff answer; a renewal answer needs its outcome, and partly renewed its items. */
export function contentOf(body: QueuePortalMessageBodyDto): PortalMessageContent {
  const renewal = body.kind === 'renewal_answer';
  if (renewal !== (body.renewalOutcome !== undefined))
    throw new ValidationError([
      { field: 'renewalOutcome', message: 'required for renewal_answer, refused otherwise' },
    ]);
  const items = body.renewedItems ?? [];
  if ((body.renewalOutcome === 'partly_renewed') !== items.length > 0)
    throw new ValidationError([
      { field: 'renewedItems', message: 'required for partly_renewed, refused otherwise' },
    ]);
  return {
    patientId: body.patientId,
    kind: body.kind,
    subject: body.subject ?? null,
    body: body.body,
    threadId: body.threadId ?? null,
    renewalOutcome: body.renewalOutcome ?? null,
    renewedItems: items,
  };
}

/** A message to the portal as staff see its progress; the text is not repeated. */
export class PortalDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ enum: ['dialogue_answer', 'renewal_answer', 'notification'] })
  kind!: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status!: DeliveryStatus;

  @ApiProperty()
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Our code for the last failure (e.g. portal_unreachable).',
  })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  nextAttemptAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;

  static from(d: PortalDelivery): PortalDeliveryDto {
    return {
      id: d.id,
      patientId: d.patientId,
      kind: d.kind,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.nextAttemptAt.toISOString(),
      finishedAt: d.finishedAt?.toISOString() ?? null,
    };
  }
}
