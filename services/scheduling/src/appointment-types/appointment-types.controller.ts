import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../http/patch-fields';
import { pageRequest } from '../persistence/keyset-page';
import { isClinicStaff, seesHidden } from '../appointments/appointment-access';
import { tenantOf } from '../shared/tenant';
import {
  AppointmentTypeDto,
  AppointmentTypeListQueryDto,
  AppointmentTypePageDto,
  CreateAppointmentTypeDto,
  UpdateAppointmentTypeDto,
} from './appointment-type.dto';
import { AppointmentTypesRepository, type TypeVisibility } from './appointment-types.repository';

const READERS = ['clinic_admin', 'practitioner', 'staff', 'patient', 'guardian', 'partner'] as const;

/** Patient-facing callers: bookable, current types; guardians and partner portals: never hidden ones. */
function visibilityFor(principal: Principal, includeArchived = false): TypeVisibility {
  const patientFacing = !isClinicStaff(principal);
  return {
    bookableOnly: patientFacing,
    includeHidden: seesHidden(principal),
    includeArchived: !patientFacing && includeArchived,
  };
}

@ApiTags('appointment-types')
@Controller('v1/appointment-types')
export class AppointmentTypesController {
  constructor(private readonly types: AppointmentTypesRepository) {}

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
    const page = await this.types.list(tenantOf(principal), pageRequest(query), visibility);
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
    const type = await this.types.get(tenantOf(principal), id, visibilityFor(principal, true));
    return AppointmentTypeDto.from(type);
  }

  @Post()
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Create an appointment type' })
  @ApiCreatedResponse({ type: AppointmentTypeDto })
  async create(
    @Body() body: CreateAppointmentTypeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.create(tenantOf(principal), definedChanges(body)));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Change an appointment type (existing appointments keep their times)' })
  @ApiOkResponse({ type: AppointmentTypeDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateAppointmentTypeDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.update(tenantOf(principal), id, definedChanges(body)));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles('clinic_admin')
  @ApiOperation({ summary: 'Archive (types are never deleted; PATCH archived=false restores)' })
  @ApiOkResponse({ type: AppointmentTypeDto })
  async archive(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AppointmentTypeDto> {
    return AppointmentTypeDto.from(await this.types.update(tenantOf(principal), id, { archived: true }));
  }
}
