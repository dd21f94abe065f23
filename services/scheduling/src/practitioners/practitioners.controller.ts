import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import {
  CreatePractitionerDto,
  PractitionerDto,
  PractitionerListQueryDto,
  PractitionerPageDto,
  UpdatePractitionerDto,
} from './practitioner.dto';
import { PractitionersService } from './practitioners.service';

@ApiTags('practitioners')
@Controller('v1/practitioners')
export class PractitionersController {
  constructor(private readonly practitioners: PractitionersService) {}

  @Get()
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "List the clinic's practitioners by name" })
  @ApiOkResponse({ type: PractitionerPageDto })
  async list(
    @Query() query: PractitionerListQueryDto,
    @ClinicId() clinicId: string,
  ): Promise<PractitionerPageDto> {
    const page = await this.practitioners.list(clinicId, pageRequest(query), query.active);
    return { items: page.items.map(PractitionerDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: 'Read a practitioner' })
  @ApiOkResponse({ type: PractitionerDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.get(clinicId, id));
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Add a practitioner' })
  @ApiCreatedResponse({ type: PractitionerDto })
  async create(@Body() body: CreatePractitionerDto, @ClinicId() clinicId: string): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.create(clinicId, body));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Change name or profession, or reactivate' })
  @ApiOkResponse({ type: PractitionerDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdatePractitionerDto,
    @ClinicId() clinicId: string,
  ): Promise<PractitionerDto> {
    const updated = await this.practitioners.update(clinicId, id, definedChanges(body));
    return PractitionerDto.from(updated);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Deactivate (practitioners are never deleted: appointments refer to them)' })
  @ApiOkResponse({ type: PractitionerDto })
  async deactivate(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
  ): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.update(clinicId, id, { active: false }));
  }
}
