import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { ValidationError } from '@carebus/errors';
import {
  MESSAGE_TYPES,
  ROUTING_MODES,
  type MessageType,
  type RoutingMode,
  type RoutingRule,
} from './routing-rule';
import { RoutingRulesUseCase } from './routing-rules.use-case';

export class RoutingRuleDto {
  @ApiProperty({ enum: MESSAGE_TYPES }) messageType!: string;
  @ApiProperty({ enum: ROUTING_MODES }) mode!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the whole clinic' })
  receiverUnitId!: string | null;
  @ApiProperty({ description: '0 while the default applies' }) version!: number;
  @ApiProperty() configured!: boolean;

  static from(r: RoutingRule): RoutingRuleDto {
    return { ...r };
  }
}

export class RoutingRuleListDto {
  @ApiProperty({ type: [RoutingRuleDto] }) items!: RoutingRuleDto[];
}

export class PutRoutingRuleBodyDto {
  @ApiProperty({ enum: ROUTING_MODES }) @IsIn(ROUTING_MODES) mode!: RoutingMode;

  @ApiPropertyOptional({ format: 'uuid', description: 'receiver/both: the position, group, role or unit' })
  @IsOptional()
  @IsUUID()
  receiverUnitId?: string;

  @ApiProperty({ description: 'The version read (0 while the default applies)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  expectedVersion!: number;
}

/** Where incoming dialogues go, per message type (clinic admins set them; a change affects only new threads). */
@ApiTags('Routing rules')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('routing_rule')
@Controller('v1/clinics/:clinicId/routing-rules')
export class RoutingRulesController {
  constructor(private readonly rules: RoutingRulesUseCase) {}

  @Get()
  @ApiOperation({ summary: 'The rule of every message type (defaults included)' })
  @ApiOkResponse({ type: RoutingRuleListDto })
  async listRules(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoutingRuleListDto> {
    return { items: (await this.rules.list({ clinicId, principal })).map((r) => RoutingRuleDto.from(r)) };
  }

  @Put(':messageType')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Set the rule of one message type (clinic admins; audited)' })
  @ApiOkResponse({ type: RoutingRuleDto })
  async putRule(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('messageType') messageType: string,
    @Body() body: PutRoutingRuleBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RoutingRuleDto> {
    if (!(MESSAGE_TYPES as readonly string[]).includes(messageType)) {
      throw new ValidationError([
        { field: 'messageType', message: `messageType must be one of ${MESSAGE_TYPES.join(', ')}` },
      ]);
    }
    const rule = await this.rules.put(
      { clinicId, principal },
      {
        messageType: messageType as MessageType,
        mode: body.mode,
        receiverUnitId: body.receiverUnitId ?? null,
        expectedVersion: body.expectedVersion,
      },
    );
    return RoutingRuleDto.from(rule);
  }
}
