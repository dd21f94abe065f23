import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsTimeZone, Length, Matches } from 'class-validator';
import { LANGUAGES, type Language } from '../templates/notification-kind';
import type { ClinicSettings } from './clinic-settings';

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

/** Quiet hours travel as HH:MM and are stored as minutes after local midnight. */
export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const toHhMm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function settingsOf(body: ClinicSettingsDto): Omit<ClinicSettings, 'clinicId'> {
  return {
    clinicName: body.clinicName,
    senderEmail: body.senderEmail ?? null,
    senderName: body.senderName ?? null,
    timeZone: body.timeZone,
    defaultLanguage: body.defaultLanguage,
    clinicalAdminEmail: body.clinicalAdminEmail ?? null,
    quietHoursStart: toMinutes(body.quietHoursStart),
    quietHoursEnd: toMinutes(body.quietHoursEnd),
  };
}

export function settingsDto(s: ClinicSettings): ClinicSettingsDto {
  const { clinicId: _clinicId, ...shown } = s;
  return { ...shown, quietHoursStart: toHhMm(s.quietHoursStart), quietHoursEnd: toHhMm(s.quietHoursEnd) };
}
