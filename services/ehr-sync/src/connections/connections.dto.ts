import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ValidationError } from '@carebus/errors';
import type { EhrProvider } from '../ehr-adapters/ehr-appointment';
import {
  CONNECTION_STATUSES,
  CONNECTION_STYLES,
  type ConnectionCredentials,
  type ConnectionSettings,
  type ConnectionStatus,
  type ConnectionStyle,
  type EhrConnection,
} from './connection';

const SECRET_NOTE = 'Stored encrypted under the clinic key; never shown again.';

/** The credentials of either style; `credentialsOf` takes the two the style needs. */
export class CredentialsDto {
  @ApiPropertyOptional({ description: `fhir_r4: the OAuth2 client id. ${SECRET_NOTE}`, maxLength: 512 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId?: string;

  @ApiPropertyOptional({ description: `fhir_r4: the OAuth2 client secret. ${SECRET_NOTE}`, maxLength: 512 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientSecret?: string;

  @ApiPropertyOptional({
    description: `vendor: the dedicated synchronizer user. ${SECRET_NOTE}`,
    maxLength: 512,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  username?: string;

  @ApiPropertyOptional({ description: `vendor: the activation code. ${SECRET_NOTE}`, maxLength: 512 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  activationCode?: string;
}

export class CreateConnectionBodyDto {
  @ApiProperty({ enum: CONNECTION_STYLES, description: "The EHR's API style" })
  @IsIn(CONNECTION_STYLES)
  style!: ConnectionStyle;

  @ApiProperty({
    description: "The EHR's API root; https in production, no credentials, query or fragment",
    example: 'https://ehr.example/fhir/r4',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  baseUrl!: string;

  @ApiProperty({ type: CredentialsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CredentialsDto)
  credentials!: CredentialsDto;
}

export class ReauthenticateBodyDto {
  @ApiPropertyOptional({
    type: CredentialsDto,
    description: 'New credentials; without them the stored ones sign in again',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CredentialsDto)
  credentials?: CredentialsDto;
}

/** The two fields the style needs, and no field of the other style. */
export function credentialsOf(style: ConnectionStyle, c: CredentialsDto): ConnectionCredentials {
  const [needed, foreign] =
    style === 'fhir_r4'
      ? [
          ['clientId', 'clientSecret'],
          ['username', 'activationCode'],
        ]
      : [
          ['username', 'activationCode'],
          ['clientId', 'clientSecret'],
        ];
  const errors = [
    ...needed
      .filter((f) => c[f as keyof CredentialsDto] === undefined)
      .map((f) => ({ field: `credentials.${f}`, message: `is required for ${style}` })),
    ...foreign
      .filter((f) => c[f as keyof CredentialsDto] !== undefined)
      .map((f) => ({ field: `credentials.${f}`, message: `is not used by ${style}` })),
  ];
  if (errors.length > 0) throw new ValidationError(errors);
  return style === 'fhir_r4'
    ? { style, clientId: c.clientId!, clientSecret: c.clientSecret! }
    : { style, username: c.username!, activationCode: c.activationCode! };
}

export class SettingsDto {
  @ApiProperty({ minimum: 1, maximum: 365, default: 1, description: 'Days of schedule to sync ahead' })
  @IsInt()
  @Min(1)
  @Max(365)
  scheduleDays!: number;

  @ApiProperty({
    type: [String],
    maxItems: 500,
    description: "The EHR's provider ids to sync (from GET …/providers)",
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(128, { each: true })
  providerIds!: string[];

  @ApiProperty({
    minimum: 0,
    maximum: 240,
    description: 'Minutes before the start the patient is asked to arrive',
  })
  @IsInt()
  @Min(0)
  @Max(240)
  arrivalWindowMinutes!: number;

  @ApiProperty() @IsBoolean() combineProgressNotes!: boolean;

  @ApiProperty() @IsBoolean() attachmentsAsPdf!: boolean;

  @ApiProperty({
    type: [String],
    maxItems: 100,
    description: 'EHR appointment classes that mark unavailable time',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(128, { each: true })
  unavailableAppointmentClasses!: string[];

  @ApiProperty({ type: String, nullable: true, description: 'EHR appointment class for inserts without one' })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  defaultAppointmentType!: string | null;
}

export class UpdateSettingsBodyDto extends SettingsDto {
  @ApiProperty({ description: 'The settingsVersion last read; another current version answers 409' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  expectedVersion!: number;
}

export function settingsOf(b: SettingsDto): ConnectionSettings {
  return {
    scheduleDays: b.scheduleDays,
    providerIds: [...new Set(b.providerIds)],
    arrivalWindowMinutes: b.arrivalWindowMinutes,
    combineProgressNotes: b.combineProgressNotes,
    attachmentsAsPdf: b.attachmentsAsPdf,
    unavailableAppointmentClasses: [...new Set(b.unavailableAppointmentClasses)],
    defaultAppointmentType: b.defaultAppointmentType,
  };
}

/** A connection as its admin sees it: never its credentials. */
export class ConnectionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clinicId!: string;
  @ApiProperty({ enum: CONNECTION_STYLES }) style!: ConnectionStyle;
  @ApiProperty() baseUrl!: string;
  @ApiProperty({ enum: CONNECTION_STATUSES }) status!: ConnectionStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why it is deauthorized or in error' })
  statusCode!: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt!: string;
  @ApiProperty({ type: SettingsDto }) settings!: SettingsDto;
  @ApiProperty({ description: 'Pass as expectedVersion to PUT …/settings' }) settingsVersion!: number;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(c: EhrConnection): ConnectionDto {
    return {
      id: c.id,
      clinicId: c.clinicId,
      style: c.style,
      baseUrl: c.baseUrl,
      status: c.status,
      statusCode: c.statusCode,
      statusChangedAt: c.statusChangedAt.toISOString(),
      settings: { ...c.settings },
      settingsVersion: c.settingsVersion,
      createdBy: c.createdBy,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class ConnectionPageDto {
  @ApiProperty({ type: [ConnectionDto] }) items!: ConnectionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to read the next page' })
  nextCursor!: string | null;
}

export class EhrProviderDto {
  @ApiProperty({ description: "The EHR's id, for settings.providerIds" }) externalId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() active!: boolean;

  static from(p: EhrProvider): EhrProviderDto {
    return { externalId: p.externalId, displayName: p.displayName, active: p.active };
  }
}

export class EhrProvidersDto {
  @ApiProperty({ type: [EhrProviderDto] }) items!: EhrProviderDto[];
}

export class ConnectionCheckDto {
  @ApiProperty({ type: ConnectionDto }) connection!: ConnectionDto;
  @ApiProperty({ description: 'Providers the EHR listed' }) providerCount!: number;
}
