import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, IsTimeZone, Length, Max, Min } from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import type { Clinic } from './clinic';

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

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(clinic: Clinic): ClinicDto {
    return {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      checkInWindowMinutes: clinic.checkInWindowMinutes,
      createdAt: clinic.createdAt.toISOString(),
    };
  }
}

/** What a clinic admin may change about their clinic. */
export class UpdateClinicDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Europe/Oslo', description: 'An IANA time zone' })
  @UnlessAbsent()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Oslo' })
  timeZone?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1440 })
  @UnlessAbsent()
  @IsInt()
  @Min(0)
  @Max(1440)
  checkInWindowMinutes?: number;
}
