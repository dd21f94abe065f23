import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { ConsentBodyDto, NationalIdBodyDto, PortalPatientDto, ReachabilityDto } from './consent.dto';
import { ReadReachabilityUseCase } from './read-reachability.use-case';
import { RecordConsentUseCase } from './record-consent.use-case';
import { RecordNationalIdUseCase } from './record-national-id.use-case';

const NOTE = "The clinic's staff, practitioners and admins; every call, allowed or refused, is audited.";

/** Whether a patient can be reached through the national portal (docs/messaging-service.md#national-portal). */
@ApiTags('Portal reachability')
@ApiBearerAuth()
@Roles('staff', 'practitioner', 'clinic_admin')
@AuditedResource('patient', { id: 'patientId' })
@Controller('v1/clinics/:clinicId/patients/:patientId')
export class ConsentController {
  constructor(
    private readonly read: ReadReachabilityUseCase,
    private readonly consent: RecordConsentUseCase,
    private readonly nationalId: RecordNationalIdUseCase,
  ) {}

  @Get('reachability')
  @ApiOperation({
    summary: 'Can the patient be reached through the national portal? Ask before composing',
    description: `${NOTE} Unknown patients answer reachable false, reason no_national_id.`,
  })
  @ApiOkResponse({ type: ReachabilityDto })
  async readReachability(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('patientId', ParseUuidPipe) patientId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReachabilityDto> {
    return ReachabilityDto.from(await this.read.execute({ clinicId, principal }, patientId));
  }

  @Put('consent')
  @ApiOperation({
    summary: "Record the patient's consent to digital contact (or its withdrawal)",
    description: NOTE,
  })
  @ApiOkResponse({ type: PortalPatientDto })
  async recordConsent(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('patientId', ParseUuidPipe) patientId: string,
    @Body() body: ConsentBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalPatientDto> {
    const patient = await this.consent.execute({ clinicId, principal }, patientId, body.consent);
    return PortalPatientDto.fromPatient(patient);
  }

  @Put('national-id')
  @ApiOperation({
    summary: "Record the patient's national identity number (sealed; only its kind is answered)",
    description: NOTE,
  })
  @ApiOkResponse({ type: PortalPatientDto })
  async recordNationalId(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('patientId', ParseUuidPipe) patientId: string,
    @Body() body: NationalIdBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalPatientDto> {
    const patient = await this.nationalId.execute({ clinicId, principal }, patientId, body.nationalId);
    return PortalPatientDto.fromPatient(patient);
  }
}
