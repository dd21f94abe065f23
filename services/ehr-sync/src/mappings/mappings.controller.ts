import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { ManageMappingsUseCase } from './manage-mappings.use-case';
import { MapProviderUseCase } from './map-provider.use-case';
import {
  ClassMappingBodyDto,
  ClassMappingDto,
  classMappingOf,
  ConnectionMappingsDto,
  externalKeyOf,
  ProviderMappingBodyDto,
  ProviderMappingDto,
} from './mappings.dto';

const ADMIN_NOTE = 'Clinic admins of this clinic only; every call, allowed or refused, is audited.';

/** How a connection's EHR providers and appointment classes show in Carebus (docs/ehr-sync.md#mappings). */
@ApiTags('EHR mappings')
@ApiBearerAuth()
@Roles('clinic_admin')
@AuditedResource('ehr_connection', { id: 'id' })
@Controller('v1/clinics/:clinicId/ehr-connections/:id')
export class MappingsController {
  constructor(
    private readonly mapProvider: MapProviderUseCase,
    private readonly manage: ManageMappingsUseCase,
  ) {}

  @Get('mappings')
  @ApiOperation({
    summary: "The connection's provider and appointment-class mappings",
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: ConnectionMappingsDto })
  async listMappings(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionMappingsDto> {
    const found = await this.manage.list({ clinicId, principal }, id);
    return {
      providers: found.providers.map((m) => ProviderMappingDto.from(m)),
      classes: found.classes.map((m) => ClassMappingDto.from(m)),
    };
  }

  @Put('provider-mappings/:providerExternalId')
  @ApiOperation({
    summary: 'Map an EHR provider (one the EHR lists) to a Carebus practitioner and calendar',
    description: `${ADMIN_NOTE} 422 ehrsync.unknown_providers / ehrsync.unknown_reference when the EHR or Carebus does not know them.`,
  })
  @ApiOkResponse({ type: ProviderMappingDto })
  async putProviderMapping(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Param('providerExternalId') providerExternalId: string,
    @Body() body: ProviderMappingBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProviderMappingDto> {
    const mapping = {
      providerExternalId: externalKeyOf('providerExternalId', providerExternalId),
      practitionerId: body.practitionerId.toLowerCase(),
      calendarId: body.calendarId.toLowerCase(),
    };
    return ProviderMappingDto.from(await this.mapProvider.execute({ clinicId, principal }, id, mapping));
  }

  @Delete('provider-mappings/:providerExternalId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a provider mapping', description: ADMIN_NOTE })
  @ApiNoContentResponse()
  async deleteProviderMapping(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Param('providerExternalId') providerExternalId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.manage.remove(
      { clinicId, principal },
      id,
      'provider',
      externalKeyOf('providerExternalId', providerExternalId),
    );
  }

  @Put('class-mappings/:appointmentClass')
  @ApiOperation({
    summary: 'Map an EHR appointment class to a Carebus appointment type, or mark it unavailable time',
    description: `${ADMIN_NOTE} 422 ehrsync.unknown_reference for a type Carebus does not have (active) for the clinic.`,
  })
  @ApiOkResponse({ type: ClassMappingDto })
  async putClassMapping(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Param('appointmentClass') appointmentClass: string,
    @Body() body: ClassMappingBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClassMappingDto> {
    const mapping = classMappingOf(externalKeyOf('appointmentClass', appointmentClass), body);
    return ClassMappingDto.from(await this.manage.mapClass({ clinicId, principal }, id, mapping));
  }

  @Delete('class-mappings/:appointmentClass')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an appointment-class mapping', description: ADMIN_NOTE })
  @ApiNoContentResponse()
  async deleteClassMapping(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Param('appointmentClass') appointmentClass: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.manage.remove(
      { clinicId, principal },
      id,
      'class',
      externalKeyOf('appointmentClass', appointmentClass),
    );
  }
}
