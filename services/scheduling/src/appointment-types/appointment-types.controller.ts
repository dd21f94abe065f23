import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import {
  AppointmentTypeDto,
  AppointmentTypeListQueryDto,
  AppointmentTypePageDto,
  CreateAppointmentTypeDto,
  UpdateAppointmentTypeDto,
} from './appointment-type.dto';
import { AppointmentTypesService } from './appointment-types.service';
import { visibilityFor } from './type-visibility';

const READERS = ['clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner'] as const;

@ApiTags('appointment-types')
@Controller('v1/appointment-types')
export class AppointmentTypesController {
  constructor(private readonly types: AppointmentTypesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({
    summary: 'List appointment types by name',
    description:
      'Patients, guardians and partners get patient-bookable, non-archived types; guardians and partners never get hidden ones.',
  })
  @ApiOkResponse({ type: AppointmentTypePageDto })
  async list(
    @Query() query: AppointmentTypeListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentTypePageDto> {
    const visibility = visibilityFor(principal, query.includeArchived);
    const page = await this.types.list(clinicOf(principal), pageRequest(query), visibility);
    return { items: page.items.map(AppointmentTypeDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Read an appointment type; types the caller may not list answer 404' })
  @ApiOkResponse({ type: AppointmentTypeDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentTypeDto> {
    const type = await this.types.get(clinicOf(principal), id, visibilityFor(principal, true));
    return AppointmentTypeDto.from(type);
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Create an appointment type' })
  @ApiCreatedResponse({ type: AppointmentTypeDto })
  async create(
    @Body() body: CreateAppointmentTypeDto,
    @ClinicId() clinicId: string,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.create(clinicId, definedChanges(body)));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Change an appointment type (existing appointments keep their times)' })
  @ApiOkResponse({ type: AppointmentTypeDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateAppointmentTypeDto,
    @ClinicId() clinicId: string,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.update(clinicId, id, definedChanges(body)));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Archive (types are never deleted; PATCH archived=false restores)' })
  @ApiOkResponse({ type: AppointmentTypeDto })
  async archive(
    @Param('id', ParseUuidPipe) id: string,
    @ClinicId() clinicId: string,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.update(clinicId, id, { archived: true }));
  }
}
