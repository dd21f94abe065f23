import { ApiProperty } from '@nestjs/swagger';
import type { Clinic } from './clinic.entity';

export class ClinicDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Storgata legesenter' })
  name!: string;

  @ApiProperty({ example: 'Europe/Oslo', description: 'IANA time zone used for slots and notifications' })
  timeZone!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(clinic: Clinic): ClinicDto {
    return {
      id: clinic.id,
      name: clinic.name,
      timeZone: clinic.timeZone,
      createdAt: clinic.createdAt.toISOString(),
    };
  }
}
