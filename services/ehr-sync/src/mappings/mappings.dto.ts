import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { ValidationError } from '@carebus/errors';
import type { ClassMapping, ProviderMapping } from './mapping';

export class ProviderMappingBodyDto {
  @ApiProperty({ format: 'uuid', description: "A practitioner active in scheduling's data for the clinic" })
  @IsUUID()
  practitionerId!: string;

  @ApiProperty({
    format: 'uuid',
    description: "A calendar of that practitioner, active in scheduling's data",
  })
  @IsUUID()
  calendarId!: string;
}

export class ProviderMappingDto {
  @ApiProperty({ description: "The provider's id in the EHR" }) providerExternalId!: string;
  @ApiProperty({ format: 'uuid' }) practitionerId!: string;
  @ApiProperty({ format: 'uuid' }) calendarId!: string;

  static from(m: ProviderMapping): ProviderMappingDto {
    return { ...m };
  }
}

export class ClassMappingBodyDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The Carebus appointment type; leave out with unavailable: true',
  })
  @ValidateIf((b: ClassMappingBodyDto) => b.unavailable !== true)
  @IsUUID()
  appointmentTypeId?: string;

  @ApiPropertyOptional({ description: 'The class is unavailable time (breaks), not a patient appointment' })
  @IsOptional()
  @IsBoolean()
  unavailable?: boolean;
}

export class ClassMappingDto {
  @ApiProperty({ description: "The appointment class's id in the EHR (FHIR: system|code)" })
  appointmentClass!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) appointmentTypeId!: string | null;
  @ApiProperty() unavailable!: boolean;

  static from(m: ClassMapping): ClassMappingDto {
    return { ...m };
  }
}

export class ConnectionMappingsDto {
  @ApiProperty({ type: [ProviderMappingDto] }) providers!: ProviderMappingDto[];
  @ApiProperty({ type: [ClassMappingDto] }) classes!: ClassMappingDto[];
}

/** An EHR id in a path: 1–200 characters (the columns say the same). */
export function externalKeyOf(field: string, value: string): string {
  if (value.length < 1 || value.length > 200)
    throw new ValidationError([{ field, message: `${field} must be 1-200 characters` }]);
  return value;
}

export function classMappingOf(appointmentClass: string, body: ClassMappingBodyDto): ClassMapping {
  if (body.unavailable === true && body.appointmentTypeId !== undefined)
    throw new ValidationError([
      { field: 'appointmentTypeId', message: 'appointmentTypeId must be left out when unavailable is true' },
    ]);
  return body.unavailable === true
    ? { appointmentClass, unavailable: true, appointmentTypeId: null }
    : { appointmentClass, unavailable: false, appointmentTypeId: body.appointmentTypeId! };
}
