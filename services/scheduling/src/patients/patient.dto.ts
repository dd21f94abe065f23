import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { UnlessAbsent } from '../shared/patch-fields';
import { PageQueryDto } from '@carebus/platform';
import type { NationalIdKind } from './national-id';
import type { Patient } from './patient';

const PHONE = /^\+?[0-9][0-9 ]{4,19}$/;

/** Contact points and links; the same on create and update (null clears). */
class PatientDetailsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Fødselsnummer or D-number, 11 digits (mod-11 checked); unique in the clinic',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  nationalId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+47 912 34 567' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be digits, spaces and an optional leading +' })
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'email' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ default: false, description: 'A parent or guardian acts for the patient' })
  @UnlessAbsent()
  @IsBoolean()
  hasGuardian?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The GP the patient is listed with',
  })
  @IsOptional()
  @IsUUID()
  listedPractitionerId?: string | null;
}

export class CreatePatientDto extends PatientDetailsDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdatePatientDto extends PatientDetailsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @UnlessAbsent()
  @IsString()
  @Length(1, 200)
  name?: string;
}

export class PatientListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Case-insensitive prefix of the name' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;
}

export class PatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) nationalId!: string | null;
  @ApiProperty({ type: String, enum: ['fnr', 'dnr'], nullable: true }) nationalIdKind!: NationalIdKind | null;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty() hasGuardian!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) listedPractitionerId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(p: Patient): PatientDto {
    const { createdAt, ...fields } = p;
    return { ...fields, createdAt: createdAt.toISOString() };
  }
}

export class PatientPageDto {
  @ApiProperty({ type: [PatientDto] }) items!: PatientDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}
