import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import { PageQueryDto } from '@carebus/platform';
import type { Calendar } from './calendar';

/** Booking rules and placement; the same fields on create and on update. */
class CalendarSettingsDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Patients and partners may book it online' })
  @UnlessAbsent()
  @IsBoolean()
  onlineBookable?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 43200, default: 120, description: 'Online bookings only' })
  @UnlessAbsent()
  @IsInt()
  @Min(0)
  @Max(43200)
  minNoticeMinutes?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 730, default: 90, description: 'Online bookings only' })
  @UnlessAbsent()
  @IsInt()
  @Min(1)
  @Max(730)
  maxDaysAhead?: number;

  @ApiPropertyOptional({ default: false, description: "Online booking only for the owner's listed patients" })
  @UnlessAbsent()
  @IsBoolean()
  listedPatientsOnly?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Owner; or resourceName',
  })
  @IsOptional()
  @IsUUID()
  ownerPractitionerId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'Treatment room 2' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  resourceName?: string | null;
}

export class CreateCalendarDto extends CalendarSettingsDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Dr. Nordmann' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdateCalendarDto extends CalendarSettingsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CalendarListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only calendars this practitioner owns' })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ description: 'Patient-facing callers always get online-bookable calendars only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  onlineBookable?: boolean;
}

export class CalendarDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerPractitionerId!: string | null;
  @ApiProperty({ type: String, nullable: true }) resourceName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId!: string | null;
  @ApiProperty() onlineBookable!: boolean;
  @ApiProperty() minNoticeMinutes!: number;
  @ApiProperty() maxDaysAhead!: number;
  @ApiProperty() listedPatientsOnly!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(c: Calendar): CalendarDto {
    return {
      id: c.id,
      name: c.name,
      ownerPractitionerId: c.ownerPractitionerId,
      resourceName: c.resourceName,
      locationId: c.locationId,
      onlineBookable: c.onlineBookable,
      minNoticeMinutes: c.minNoticeMinutes,
      maxDaysAhead: c.maxDaysAhead,
      listedPatientsOnly: c.listedPatientsOnly,
      createdAt: c.createdAt.toISOString(),
    };
  }
}

export class CalendarPageDto {
  @ApiProperty({ type: [CalendarDto] }) items!: CalendarDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
