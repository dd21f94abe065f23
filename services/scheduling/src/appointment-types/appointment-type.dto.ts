import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import { PageQueryDto } from '@carebus/platform';
import { CONTACT_SURFACES, type AppointmentType, type ContactSurface } from './appointment-type';

/** Every field but the name and duration is optional on create and on update. */
class AppointmentTypeSettingsDto {
  @ApiPropertyOptional({ pattern: '^#[0-9A-Fa-f]{6}$', default: '#4A90D9' })
  @UnlessAbsent()
  @Matches(/^#[0-9A-Fa-f]{6}$/, { message: 'colour must be #RRGGBB' })
  colour?: string;

  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'In minor units (øre), e.g. 16000 = 160.00 NOK',
  })
  @UnlessAbsent()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  priceMinor?: number;

  @ApiPropertyOptional({ pattern: '^[A-Z]{3}$', default: 'NOK' })
  @UnlessAbsent()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as NOK' })
  currency?: string;

  @ApiPropertyOptional({ default: false, description: 'Patients may book it online' })
  @UnlessAbsent()
  @IsBoolean()
  patientBookable?: boolean;

  @ApiPropertyOptional({ maxLength: 2000, default: '', description: 'Shown to the patient when booking' })
  @UnlessAbsent()
  @IsString()
  @MaxLength(2000)
  patientInformation?: string;

  @ApiPropertyOptional({ default: true })
  @UnlessAbsent()
  @IsBoolean()
  notificationsEnabled?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Never shown to guardians or partner portals' })
  @UnlessAbsent()
  @IsBoolean()
  hidden?: boolean;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    description: 'Online bookings per day; null: none',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  dailyOnlineLimit?: number | null;
}

export class CreateAppointmentTypeDto extends AppointmentTypeSettingsDto {
  @ApiProperty({ minLength: 1, maxLength: 120, example: 'Consultation' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ minimum: 5, maximum: 480, example: 20 })
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes!: number;

  @ApiProperty({ enum: CONTACT_SURFACES })
  @IsIn(CONTACT_SURFACES)
  contactSurface!: ContactSurface;
}

export class UpdateAppointmentTypeDto extends AppointmentTypeSettingsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 480 })
  @UnlessAbsent()
  @IsInt()
  @Min(5)
  @Max(480)
  durationMinutes?: number;

  @ApiPropertyOptional({ enum: CONTACT_SURFACES })
  @UnlessAbsent()
  @IsIn(CONTACT_SURFACES)
  contactSurface?: ContactSurface;

  @ApiPropertyOptional({ description: 'false restores an archived type' })
  @UnlessAbsent()
  @IsBoolean()
  archived?: boolean;
}

export class AppointmentTypeListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    default: false,
    description: 'Clinic users only; patient-facing callers never see archived types',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}

export class AppointmentTypeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty({ example: '#4A90D9' }) colour!: string;
  @ApiProperty() priceMinor!: number;
  @ApiProperty({ example: 'NOK' }) currency!: string;
  @ApiProperty({ enum: CONTACT_SURFACES }) contactSurface!: ContactSurface;
  @ApiProperty() patientBookable!: boolean;
  @ApiProperty() patientInformation!: string;
  @ApiProperty() notificationsEnabled!: boolean;
  @ApiProperty() hidden!: boolean;
  @ApiProperty({ type: Number, nullable: true }) dailyOnlineLimit!: number | null;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(t: AppointmentType): AppointmentTypeDto {
    const { createdAt, ...fields } = t;
    return { ...fields, createdAt: createdAt.toISOString() };
  }
}

export class AppointmentTypePageDto {
  @ApiProperty({ type: [AppointmentTypeDto] }) items!: AppointmentTypeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
