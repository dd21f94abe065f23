import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsTimeZone, Length, Matches } from 'class-validator';
import { LANGUAGES, type Language } from '../templates/notification-kind';
import type { ClinicSettings, SettingsInput } from './clinic-settings';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const FROM_SCHEDULING =
  'Follows the clinic in scheduling (scheduling.clinic.v1) once clinicVersion is set: leave it out or repeat it (409 notifications.clinic_field_owned_by_scheduling otherwise). Left out: kept.';

/**
 * The settings, as read and as written. Clinic name, time zone and clinical administrator e-mail
 * follow scheduling's clinic events; the rest belongs to this API.
 */
export class ClinicSettingsDto {
  @ApiPropertyOptional({ example: 'Storgata legesenter', description: FROM_SCHEDULING })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  clinicName?: string;

  @ApiPropertyOptional({ example: 'post@storgata-lege.no', nullable: true })
  @IsOptional()
  @IsEmail()
  senderEmail?: string | null;

  @ApiPropertyOptional({ example: 'Storgata legesenter', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  senderName?: string | null;

  @ApiPropertyOptional({ example: 'Europe/Oslo', description: FROM_SCHEDULING })
  @IsOptional()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/Oslo' })
  timeZone?: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  defaultLanguage!: Language;

  @ApiPropertyOptional({
    description: `Receives staff alerts; else the site creator does. null clears it. ${FROM_SCHEDULING}`,
    nullable: true,
  })
  @IsOptional()
  @IsEmail()
  clinicalAdminEmail?: string | null;

  @ApiProperty({ example: '21:00', description: 'No SMS/push from this local time…' })
  @Matches(HH_MM, { message: 'quietHoursStart must be HH:MM' })
  quietHoursStart!: string;

  @ApiProperty({ example: '08:00', description: '…until this local time; delayed, not dropped' })
  @Matches(HH_MM, { message: 'quietHoursEnd must be HH:MM' })
  quietHoursEnd!: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    readOnly: true,
    description:
      "Version of scheduling's clinic the scheduling-owned fields came from; null until its first event. Ignored on PUT.",
  })
  @IsOptional()
  @IsInt()
  clinicVersion?: number | null;
}

/** Quiet hours travel as HH:MM and are stored as minutes after local midnight. */
export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const toHhMm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A left-out clinic name, time zone or administrator e-mail stays undefined: kept as stored. */
export function settingsOf(body: ClinicSettingsDto): SettingsInput {
  return {
    clinicName: body.clinicName,
    senderEmail: body.senderEmail ?? null,
    senderName: body.senderName ?? null,
    timeZone: body.timeZone,
    defaultLanguage: body.defaultLanguage,
    clinicalAdminEmail: body.clinicalAdminEmail,
    quietHoursStart: toMinutes(body.quietHoursStart),
    quietHoursEnd: toMinutes(body.quietHoursEnd),
  };
}

export function settingsDto(s: ClinicSettings): ClinicSettingsDto {
  const { clinicId: _clinicId, ...shown } = s;
  return { ...shown, quietHoursStart: toHhMm(s.quietHoursStart), quietHoursEnd: toHhMm(s.quietHoursEnd) };
}
