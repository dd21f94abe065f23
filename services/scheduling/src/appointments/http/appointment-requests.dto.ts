import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '@carebus/platform';
import {
  APPOINTMENT_STATUSES,
  CONTACT_SURFACES,
  type AppointmentStatus,
  type ContactSurface,
} from '../appointment';

const INSTANT_EXAMPLE = '2026-03-02T09:00:00+01:00';

export class BookAppointmentRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() calendarId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() appointmentTypeId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() patientId!: string;
  @ApiProperty({
    example: INSTANT_EXAMPLE,
    description: 'Start, ISO 8601 with offset; the end follows from the type',
  })
  @IsString()
  start!: string;
  @ApiPropertyOptional({ enum: CONTACT_SURFACES, description: "The type's surface when omitted" })
  @IsOptional()
  @IsIn(CONTACT_SURFACES)
  contactSurface?: ContactSurface;
  @ApiPropertyOptional({ maxLength: 2000, description: 'Internal note for the clinic' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RescheduleRequest {
  @ApiProperty({ example: INSTANT_EXAMPLE }) @IsString() start!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Move to another calendar' })
  @IsOptional()
  @IsUUID()
  calendarId?: string;
}

export class CancelRequest {
  @ApiPropertyOptional({ maxLength: 500, default: '' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ChangeTypeRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() appointmentTypeId?: string;
  @ApiPropertyOptional({ enum: CONTACT_SURFACES })
  @IsOptional()
  @IsIn(CONTACT_SURFACES)
  contactSurface?: ContactSurface;
}

export class ChangeDayTypeRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() toAppointmentTypeId!: string;
  @ApiPropertyOptional({ format: 'uuid', description: "Only this type's appointments" })
  @IsOptional()
  @IsUUID()
  fromAppointmentTypeId?: string;
}

export class ListAppointmentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() calendarId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() patientId?: string;
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES, isArray: true, description: 'Comma-separated' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(APPOINTMENT_STATUSES, { each: true })
  status?: AppointmentStatus[];
  @ApiPropertyOptional({ example: INSTANT_EXAMPLE, description: 'Start at or after' })
  @IsOptional()
  @IsString()
  from?: string;
  @ApiPropertyOptional({ example: INSTANT_EXAMPLE, description: 'Start before' })
  @IsOptional()
  @IsString()
  to?: string;
}
