import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CreateLocationDto, LocationDto } from '../locations/location.dto';
import { UnlessAbsent } from '../shared/patch-fields';
import type { Clinic } from './clinic';
import type { CreatedClinic } from './create-clinic.use-case';

const TIME_ZONE = { message: 'timeZone must be an IANA time zone such as Europe/Oslo' };
const EMAIL = { message: 'clinicalAdminEmail must be an e-mail address' };

export class ClinicDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Storgata legesenter' })
  name!: string;

  @ApiProperty({ example: 'Europe/Oslo', description: 'IANA time zone used for slots and notifications' })
  timeZone!: string;

  @ApiProperty({
    minimum: 0,
    maximum: 1440,
    description: 'Check-in marks appointments within this many minutes arrived',
  })
  checkInWindowMinutes!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'email',
    description: "The clinical administrator's e-mail: receives the clinic's staff alerts",
  })
  clinicalAdminEmail!: string | null;

  @ApiProperty({ minimum: 1, description: 'One more with every change (the scheduling.clinic.v1 version)' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(clinic: Clinic): ClinicDto {
    return {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      checkInWindowMinutes: clinic.checkInWindowMinutes,
      clinicalAdminEmail: clinic.clinicalAdminEmail,
      version: clinic.version,
      createdAt: clinic.createdAt.toISOString(),
      updatedAt: clinic.updatedAt.toISOString(),
    };
  }
}

/** A clinic as the operator onboarded it, with the locations created with it. */
export class CreatedClinicDto extends ClinicDto {
  @ApiProperty({ type: [LocationDto] })
  locations!: LocationDto[];

  static fromCreated(created: CreatedClinic): CreatedClinicDto {
    return { ...ClinicDto.from(created.clinic), locations: created.locations.map(LocationDto.from) };
  }
}

/** What a platform operator gives to onboard a clinic. */
export class CreateClinicDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Storgata legesenter' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'Europe/Oslo', description: 'An IANA time zone' })
  @IsTimeZone(TIME_ZONE)
  timeZone!: string;

  @ApiProperty({ format: 'email', maxLength: 254, example: 'klinikkadmin@storgata-lege.no' })
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  clinicalAdminEmail!: string;

  @ApiPropertyOptional({ type: [CreateLocationDto], maxItems: 50, description: 'Created with the clinic' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CreateLocationDto)
  locations?: CreateLocationDto[];
}

/** What may change about a clinic: the clinic admin all but the e-mail, the operator everything. */
export class UpdateClinicDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Oslo', description: 'An IANA time zone' })
  @UnlessAbsent()
  @IsTimeZone(TIME_ZONE)
  timeZone?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1440 })
  @UnlessAbsent()
  @IsInt()
  @Min(0)
  @Max(1440)
  checkInWindowMinutes?: number;

  @ApiPropertyOptional({
    format: 'email',
    maxLength: 254,
    description: 'Operator only (403 scheduling.clinic_field_operator_only for a clinic admin)',
  })
  @UnlessAbsent()
  @IsEmail({}, EMAIL)
  @MaxLength(254)
  clinicalAdminEmail?: string;
}

export class ClinicPageDto {
  @ApiProperty({ type: [ClinicDto] })
  items!: ClinicDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
