import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { NotFoundError } from '@carebus/errors';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../http/patch-fields';
import { ClinicDto, UpdateClinicDto } from './clinic.dto';
import { ClinicsRepository } from './clinics.repository';

@ApiTags('clinics')
@Controller('v1/clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsRepository) {}

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "Read the caller's clinic" })
  @ApiOkResponse({ type: ClinicDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClinicDto> {
    // Another clinic's id answers exactly like an unknown one: no existence leak across tenants.
    const clinic =
      principal.clinicId === id ? await this.clinics.findForTenant(principal.clinicId, id) : null;
    if (!clinic) throw new NotFoundError('scheduling.clinic_not_found', 'No such clinic.');
    return ClinicDto.from(clinic);
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: "Change the caller's clinic: name, time zone, check-in window" })
  @ApiOkResponse({ type: ClinicDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateClinicDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClinicDto> {
    const clinic =
      principal.clinicId === id
        ? await this.clinics.updateForTenant(principal.clinicId, id, definedChanges(body))
        : null;
    if (!clinic) throw new NotFoundError('scheduling.clinic_not_found', 'No such clinic.');
    return ClinicDto.from(clinic);
  }
}
