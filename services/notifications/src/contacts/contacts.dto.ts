import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CHANNELS, type ChannelName } from '../channels/channel';
import { LANGUAGES, type Language } from '../templates/notification-kind';
import { portalReachableReadOnly } from '../notifications.errors';
import type { PatientContact } from './patient-contact';

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

  @ApiPropertyOptional({
    readOnly: true,
    description:
      'Read-only: whether messaging finds the patient reachable through the national portal (messaging.patient_reachability.v1). A write that sends it is refused with 422 notifications.portal_reachable_read_only.',
  })
  @IsOptional()
  portalReachable?: unknown;

  @ApiPropertyOptional({ default: false, description: "The contact points are a guardian's" })
  @IsOptional()
  @IsIn([true, false], { message: 'guardianContact must be a boolean' })
  guardianContact?: boolean;
}

export class PatientContactDto extends PatientContactBodyDto {
  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ description: "Messaging's decision: notified through the national portal when true." })
  declare portalReachable: boolean;
}

export function contactOf(patientId: string, body: PatientContactBodyDto): PatientContact {
  if (body.portalReachable !== undefined) throw portalReachableReadOnly();
  return {
    patientId,
    name: body.name ?? null,
    email: body.email ?? null,
    phone: body.phone ?? null,
    pushToken: body.pushToken ?? null,
    preferredChannel: body.preferredChannel ?? null,
    language: body.language ?? null,
    // Derived (messaging's events); the stored contact never carries it.
    portalReachable: false,
    guardianContact: body.guardianContact ?? false,
  };
}
