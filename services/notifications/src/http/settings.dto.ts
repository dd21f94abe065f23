import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { CHANNELS, type ChannelName } from '../channels/channel';
import { ENABLEMENT_SCOPES, type EnablementScope } from '../settings/enablement.repository';
import { LANGUAGES, type Language } from '../templates/notification-kind';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ClinicSettingsDto {
  @ApiProperty({ example: 'Storgata legesenter' })
  @IsString()
  @Length(0, 200)
  clinicName!: string;

  @ApiPropertyOptional({ example: 'post@storgata-lege.no', nullable: true })
  @IsOptional()
  @IsEmail()
  senderEmail?: string | null;

  @ApiPropertyOptional({ example: 'Storgata legesenter', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  senderName?: string | null;

  @ApiProperty({ example: 'Europe/Oslo' })
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Oslo' })
  timeZone!: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  defaultLanguage!: Language;

  @ApiPropertyOptional({ description: 'Receives staff alerts; else the site creator does', nullable: true })
  @IsOptional()
  @IsEmail()
  clinicalAdminEmail?: string | null;

  @ApiProperty({ example: '21:00', description: 'No SMS/push from this local time…' })
  @Matches(HH_MM, { message: 'quietHoursStart must be HH:MM' })
  quietHoursStart!: string;

  @ApiProperty({ example: '08:00', description: '…until this local time; delayed, not dropped' })
  @Matches(HH_MM, { message: 'quietHoursEnd must be HH:MM' })
  quietHoursEnd!: string;
}

export class EnablementPathDto {
  @IsIn(ENABLEMENT_SCOPES, { message: `scope must be one of ${ENABLEMENT_SCOPES.join(', ')}` })
  scope!: EnablementScope;

  @IsUUID('all', { message: 'scopeId must be a UUID' })
  scopeId!: string;
}

export class EnablementBodyDto {
  @ApiProperty({ enum: CHANNELS, isArray: true, description: 'Enabled channels; [] turns notifications off' })
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels!: ChannelName[];
}

export class EnablementRuleDto extends EnablementBodyDto {
  @ApiProperty({ enum: ENABLEMENT_SCOPES })
  scope!: EnablementScope;

  @ApiProperty({ format: 'uuid', description: 'Clinic, calendar or appointment type id' })
  scopeId!: string;
}

export class StaffMemberBodyDto {
  @ApiProperty({ example: 'admin@storgata-lege.no' })
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;
}

export class StaffMemberDto extends StaffMemberBodyDto {
  @ApiProperty({ description: 'Principal subject of the clinic user' })
  userId!: string;
}

export class PatientContactBodyDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ example: '+4791234567', nullable: true })
  @IsOptional()
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be an E.164 number such as +4791234567' })
  phone?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  pushToken?: string | null;

  @ApiPropertyOptional({ enum: CHANNELS, nullable: true })
  @IsOptional()
  @IsIn(CHANNELS)
  preferredChannel?: ChannelName | null;

  @ApiPropertyOptional({ enum: LANGUAGES, nullable: true })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language | null;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsIn([true, false], { message: 'portalReachable must be a boolean' })
  portalReachable?: boolean;

  @ApiPropertyOptional({ default: false, description: "The contact points are a guardian's" })
  @IsOptional()
  @IsIn([true, false], { message: 'guardianContact must be a boolean' })
  guardianContact?: boolean;
}

export class PatientContactDto extends PatientContactBodyDto {
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
}

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const toHhMm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
