import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { PortalPatient } from './portal-patient';
import {
  PORTAL_ACCOUNT_STATES,
  REACHABILITY_REASONS,
  type PortalAccountState,
  type Reachability,
} from './reachability';

export class ReachabilityDto {
  @ApiProperty({ description: 'True when a message can go to the patient through the national portal.' })
  reachable!: boolean;

  @ApiProperty({
    enum: REACHABILITY_REASONS,
    description: 'Why (not): the first missing condition, or `reachable`.',
  })
  reason!: Reachability['reason'];

  static from(r: Reachability): ReachabilityDto {
    return { reachable: r.reachable, reason: r.reason };
  }
}

/** What a change answers: the decision and its inputs; never the number itself. */
export class PortalPatientDto extends ReachabilityDto {
  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ enum: ['birth_number', 'd_number', 'h_number', 'invalid'], nullable: true, type: String })
  nationalIdKind!: PortalPatient['nationalIdKind'];

  @ApiProperty()
  consent!: boolean;

  @ApiProperty({ enum: PORTAL_ACCOUNT_STATES })
  portalAccount!: PortalAccountState;

  @ApiProperty({ description: 'Per-patient version of the reachability, as published.' })
  version!: number;

  static fromPatient(p: PortalPatient): PortalPatientDto {
    return {
      patientId: p.patientId,
      reachable: p.reachable,
      reason: p.reason,
      nationalIdKind: p.nationalIdKind,
      consent: p.consent,
      portalAccount: p.portalAccount,
      version: p.version,
    };
  }
}

export class ConsentBodyDto {
  @ApiProperty({ description: 'True: the patient consents to digital contact; false: withdrawn.' })
  @IsBoolean()
  consent!: boolean;
}

export class NationalIdBodyDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Eleven digits (birth number, D-number or H-number); null removes it. Sealed at once, never answered.',
  })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(/^\s*\d{11}\s*$/, { message: 'nationalId must be eleven digits' })
  nationalId!: string | null;
}

export class PortalStatusBodyDto {
  @ApiProperty({ description: "The citizen's national identity number (eleven digits)." })
  @IsString()
  @MaxLength(32)
  @Matches(/^\d{11}$/, { message: 'nationalId must be eleven digits' })
  nationalId!: string;

  @ApiProperty({ enum: PORTAL_ACCOUNT_STATES })
  @IsIn(PORTAL_ACCOUNT_STATES)
  portalAccount!: PortalAccountState;

  @ApiProperty({ description: 'Whether the citizen consents to digital contact from the clinic.' })
  @IsBoolean()
  consent!: boolean;
}

export class PortalStatusResultDto {
  @ApiProperty({ description: "How many of the clinic's patients carry the number (0: none known)." })
  matched!: number;
}
