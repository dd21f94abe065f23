import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PrescriptionRequestDto } from '../dialogues/threads.dto';
import { INBOUND_KINDS, type InboundKind } from './receive-portal-dialogue.use-case';

/** A patient's dialogue or renewal request sent in by the national portal. */
export class PortalDialogueBodyDto {
  @ApiProperty({ minLength: 1, maxLength: 200, description: "The portal's message id (idempotency key)." })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  portalMessageId!: string;

  @ApiProperty({ description: "The patient's national identity number (eleven digits)." })
  @Matches(/^\d{11}$/, { message: 'nationalId must be eleven digits' })
  nationalId!: string;

  @ApiProperty({ enum: INBOUND_KINDS })
  @IsIn(INBOUND_KINDS)
  kind!: InboundKind;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;

  @ApiProperty({ minLength: 1, maxLength: 20000 })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;

  @ApiPropertyOptional({
    type: [PrescriptionRequestDto],
    description: 'prescription_renewal: what to renew.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PrescriptionRequestDto)
  prescriptions?: PrescriptionRequestDto[];
}

export class PortalDialogueResultDto {
  @ApiProperty({ format: 'uuid' }) threadId!: string;
  @ApiProperty({
    format: 'uuid',
    description:
      "The patient's message (the thread's first): attach files to it with POST /v1/threads/{threadId}/messages/{messageId}/attachments.",
  })
  messageId!: string;
  @ApiProperty({ description: 'False when this portal message id was received before.' }) created!: boolean;
}
