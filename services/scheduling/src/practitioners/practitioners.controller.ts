import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../http/patch-fields';
import { pageRequest } from '../persistence/keyset-page';
import { tenantOf } from '../shared/tenant';
import {
  CreatePractitionerDto,
  PractitionerDto,
  PractitionerListQueryDto,
  PractitionerPageDto,
  UpdatePractitionerDto,
} from './practitioner.dto';
import { PractitionersRepository } from './practitioners.repository';

@ApiTags('practitioners')
@Controller('v1/practitioners')
export class PractitionersController {
  constructor(private readonly practitioners: PractitionersRepository) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "List the clinic's practitioners by name" })
  @ApiOkResponse({ type: PractitionerPageDto })
  async list(
    @Query() query: PractitionerListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerPageDto> {
    const page = await this.practitioners.list(tenantOf(principal), pageRequest(query), query.active);
    return { items: page.items.map(PractitionerDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a practitioner' })
  @ApiOkResponse({ type: PractitionerDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.get(tenantOf(principal), id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Add a practitioner' })
  @ApiCreatedResponse({ type: PractitionerDto })
  async create(
    @Body() body: CreatePractitionerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.create(tenantOf(principal), body));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Change name or profession, or reactivate' })
  @ApiOkResponse({ type: PractitionerDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdatePractitionerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerDto> {
    const updated = await this.practitioners.update(tenantOf(principal), id, definedChanges(body));
    return PractitionerDto.from(updated);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Deactivate (practitioners are never deleted: appointments refer to them)' })
  @ApiOkResponse({ type: PractitionerDto })
  async deactivate(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.update(tenantOf(principal), id, { active: false }));
  }
}
