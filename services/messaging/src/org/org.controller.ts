import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { MessagingSettingsUseCase, type SharedReadClears } from './messaging-settings.use-case';
import { UNIT_KINDS, type OrgUnit, type UnitKind } from './org-units.repository';
import { OrgUseCase } from './org.use-case';

export class CreateUnitBodyDto {
  @ApiProperty({ enum: UNIT_KINDS }) @IsIn(UNIT_KINDS) kind!: UnitKind;
  @ApiProperty({ minLength: 1, maxLength: 120 }) @IsString() @MinLength(1) @MaxLength(120) name!: string;
}

export class UnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: UNIT_KINDS }) kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty() wholeClinic!: boolean;
  @ApiProperty({ type: [String], description: 'Token subjects of the members' }) members!: string[];

  static from(u: OrgUnit, members: string[] = []): UnitDto {
    return { id: u.id, kind: u.kind, name: u.name, wholeClinic: u.wholeClinic, members };
  }
}

export class UnitListDto {
  @ApiProperty({ type: [UnitDto] }) items!: UnitDto[];
}

export class SettingsDto {
  @ApiProperty({ enum: ['per_user', 'per_inbox'] }) sharedReadClears!: string;
  @ApiProperty() version!: number;
}

export class PutSettingsBodyDto {
  @ApiProperty({ enum: ['per_user', 'per_inbox'] })
  @IsIn(['per_user', 'per_inbox'])
  sharedReadClears!: SharedReadClears;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0) expectedVersion!: number;
}

/** The clinic's positions, groups, roles and organisation units, their members, and messaging settings. */
@ApiTags('Organisation')
@ApiBearerAuth()
@Roles('clinic_admin', 'practitioner', 'staff')
@AuditedResource('org_unit')
@Controller('v1/clinics/:clinicId/messaging')
export class OrgController {
  constructor(
    private readonly org: OrgUseCase,
    private readonly settings: MessagingSettingsUseCase,
  ) {}

  @Get('units')
  @ApiOperation({ summary: 'Positions, groups, roles and units (the whole clinic included) with members' })
  @ApiOkResponse({ type: UnitListDto })
  async listUnits(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { items: (await this.org.list({ clinicId, principal })).map((u) => UnitDto.from(u, u.members)) };
  }

  @Post('units')
  @Roles('clinic_admin')
  @ApiOperation({
    summary: 'Create a position, group, role or unit (clinic admins; audited); it gets a shared inbox',
  })
  @ApiCreatedResponse({ type: UnitDto })
  async createUnit(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: CreateUnitBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UnitDto> {
    return UnitDto.from(await this.org.create({ clinicId, principal }, body.kind, body.name));
  }

  @Put('units/:unitId/members/:subject')
  @Roles('clinic_admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Add a staff member (token subject) to the unit (clinic admins; audited)' })
  @ApiNoContentResponse()
  async addMember(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('unitId', ParseUuidPipe) unitId: string,
    @Param('subject') subject: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.org.setMember({ clinicId, principal }, unitId, subject.slice(0, 200), true);
  }

  @Delete('units/:unitId/members/:subject')
  @Roles('clinic_admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member from the unit (clinic admins; audited)' })
  @ApiNoContentResponse()
  async removeMember(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('unitId', ParseUuidPipe) unitId: string,
    @Param('subject') subject: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.org.setMember({ clinicId, principal }, unitId, subject.slice(0, 200), false);
  }

  @Get('settings')
  @ApiOperation({ summary: 'Messaging settings: whether a shared-inbox read clears per user or per inbox' })
  @ApiOkResponse({ type: SettingsDto })
  async readSettings(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.settings.read({ clinicId, principal });
  }

  @Put('settings')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Set the messaging settings (clinic admins; audited); unread counts are rebuilt' })
  @ApiOkResponse({ type: SettingsDto })
  async putSettings(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: PutSettingsBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SettingsDto> {
    return this.settings.write({ clinicId, principal }, body.sharedReadClears, body.expectedVersion);
  }
}
