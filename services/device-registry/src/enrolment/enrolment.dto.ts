import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AGENT_KINDS, type AgentKindName } from '../devices/device';
import type { CreatedCode } from './create-enrolment-code.use-case';

export class CreateEnrolmentCodeBodyDto {
  @ApiProperty({ enum: AGENT_KINDS, description: 'The kind of agent the code enrols' })
  @IsIn(AGENT_KINDS)
  kind!: AgentKindName;

  @ApiPropertyOptional({
    description: 'Lifetime in seconds (default 900, at most 86,400)',
    minimum: 60,
    maximum: 86_400,
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  ttlSeconds?: number;
}

export class EnrolmentCodeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    description: 'The code to type into the agent installer; shown once, stored only hashed',
    example: 'K7QF-2M9D-XR4T-8WPA',
  })
  code!: string;

  @ApiProperty({ enum: AGENT_KINDS })
  kind!: AgentKindName;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  static from(c: CreatedCode): EnrolmentCodeDto {
    return { id: c.id, code: c.code, kind: c.kind, expiresAt: c.expiresAt.toISOString() };
  }
}
