import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, Roles } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import { ClinicDto, UpdateClinicDto } from './clinic.dto';
import { ClinicsService } from './clinics.service';

@ApiTags('clinics')
@Controller('v1/clinics')
export class ClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff')
  @ApiOperation({ summary: "Read the caller's clinic" })
  @ApiOkResponse({ type: ClinicDto })
  async get(@Param('id', ParseUuidPipe) id: string, @ClinicId() clinicId: string): Promise<ClinicDto> {
    return ClinicDto.from(await this.clinics.get(clinicId, id));
  }

  @Patch(':id')
  @Roles('clinic_admin')
  @ApiOperation({ summary: "Change the caller's clinic: name, time zone, check-in window" })
  @ApiOkResponse({ type: ClinicDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateClinicDto,
    @ClinicId() clinicId: string,
  ): Promise<ClinicDto> {
    return ClinicDto.from(await this.clinics.update(clinicId, id, definedChanges(body)));
  }
}
