import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CHANNELS, type ChannelName } from '../channels/channel';
import { LANGUAGES, type Language } from '../templates/notification-kind';
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

export function contactOf(patientId: string, body: PatientContactBodyDto): PatientContact {
  return {
    patientId,
    name: body.name ?? null,
    email: body.email ?? null,
    phone: body.phone ?? null,
    pushToken: body.pushToken ?? null,
    preferredChannel: body.preferredChannel ?? null,
    language: body.language ?? null,
    portalReachable: body.portalReachable ?? false,
    guardianContact: body.guardianContact ?? false,
  };
}
