import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ValidationError } from '@carebus/errors';
import {
  COMMAND_KINDS,
  COMMAND_STATUSES,
  type CommandKindName,
  type CommandRequest,
  type CommandStatusName,
} from './device-command';
import type { CommandView } from './read-command.use-case';

export class PaymentRequestDto {
  @ApiProperty({ description: 'Amount in minor units (øre, cents)', minimum: 1, maximum: 100_000_000 })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO 4217 code', example: 'NOK' })
  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @ApiProperty({ description: 'Receipt reference (invoice number); never patient data', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9 ._/-]*$/)
  reference!: string;
}

export class PatientLookupDto {
  @ApiProperty({ format: 'uuid', description: 'Carebus patient id' })
  @IsUUID()
  patientId!: string;

  @ApiPropertyOptional({
    description: 'National identity number (patient data: sealed, audited)',
    maxLength: 20,
  })
  @IsOptional()
  @Matches(/^[0-9]{6,20}$/)
  nationalId?: string;
}

export class SendCommandBodyDto {
  @ApiProperty({ enum: COMMAND_KINDS })
  @IsIn(COMMAND_KINDS)
  kind!: CommandKindName;

  @ApiProperty({ format: 'uuid', description: 'Retries with the same id answer the first command' })
  @IsUUID()
  idempotencyId!: string;

  @ApiPropertyOptional({
    description: 'Seconds until it expires without a result (default 120, at most 86,400)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86_400)
  deadlineSeconds?: number;

  @ApiPropertyOptional({ type: PaymentRequestDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentRequestDto)
  payment?: PaymentRequestDto;

  @ApiPropertyOptional({ type: PatientLookupDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatientLookupDto)
  patientLookup?: PatientLookupDto;
}

/** The request of the body's kind; the other kind's part is refused. */
export function commandRequestOf(body: SendCommandBodyDto): CommandRequest {
  if (body.kind === 'payment') {
    if (!body.payment || body.patientLookup) {
      throw new ValidationError([{ field: 'payment', message: 'a payment command carries payment only' }]);
    }
    const { amountMinor, currency, reference } = body.payment;
    return { kind: 'payment', payment: { amountMinor, currency, reference } };
  }
  if (!body.patientLookup || body.payment) {
    throw new ValidationError([
      { field: 'patientLookup', message: 'a patient lookup carries patientLookup only' },
    ]);
  }
  const { patientId, nationalId } = body.patientLookup;
  return {
    kind: 'patient_lookup',
    patientLookup: { patientId: patientId.toLowerCase(), nationalId: nationalId ?? '' },
  };
}

export class CommandAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  commandId!: string;

  @ApiProperty({ enum: COMMAND_STATUSES })
  status!: CommandStatusName;

  @ApiProperty({ description: 'True when the idempotency id matched an earlier command' })
  replayed!: boolean;
}

export class CommandResultDto {
  @ApiProperty({ enum: ['completed', 'failed'] })
  outcome!: 'completed' | 'failed';

  @ApiPropertyOptional({ description: 'Payment result: status approved | declined | timed_out' })
  payment?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Patient lookup result (patient data; read is audited)' })
  patientLookup?: Record<string, unknown>;

  @ApiProperty({ nullable: true, type: String })
  errorCode!: string | null;

  @ApiProperty({ nullable: true, type: String })
  errorMessage!: string | null;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ description: 'The result arrived after the command expired' })
  afterExpiry!: boolean;
}

export class CommandDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  deviceId!: string;

  @ApiProperty({ enum: COMMAND_KINDS })
  kind!: CommandKindName;

  @ApiProperty({ enum: COMMAND_STATUSES })
  status!: CommandStatusName;

  @ApiProperty({ format: 'uuid' })
  idempotencyId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  deadline!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  deliveredAt!: string | null;

  @ApiProperty()
  deliveryAttempts!: number;

  @ApiProperty({ nullable: true, type: CommandResultDto })
  result!: CommandResultDto | null;

  static from(view: CommandView): CommandDto {
    const { command: c, result } = view;
    return {
      id: c.id,
      deviceId: c.deviceId,
      kind: c.kind,
      status: c.status,
      idempotencyId: c.idempotencyId,
      createdAt: c.createdAt.toISOString(),
      deadline: c.deadline.toISOString(),
      deliveredAt: c.deliveredAt?.toISOString() ?? null,
      deliveryAttempts: c.deliveryAttempts,
      result: result
        ? {
            outcome: result.outcome,
            ...(result.body && 'payment' in result.body ? { payment: { ...result.body.payment } } : {}),
            ...(result.body && 'patientLookup' in result.body
              ? { patientLookup: { ...result.body.patientLookup } }
              : {}),
            errorCode: result.errorCode,
            errorMessage: result.errorMessage,
            recordedAt: result.recordedAt.toISOString(),
            afterExpiry: result.afterExpiry,
          }
        : null,
    };
  }
}
