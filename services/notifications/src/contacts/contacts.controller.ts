import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { ClinicId, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { contactOf, PatientContactBodyDto, PatientContactDto } from './contacts.dto';
import { ContactsService, type ContactActor } from './contacts.service';

const actorOf = (clinicId: string, principal: Principal): ContactActor => ({
  clinicId,
  principal,
});

/** Patient contact points and channel preference; every read and write is audited. */
@ApiTags('patient contacts')
@ApiBearerAuth()
@Roles('clinic_admin')
@AuditedResource('patient_contact', { id: 'patientId' })
@Controller('v1/patient-contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get(':patientId')
  @ApiOperation({ summary: "Read a patient's contact points (audited)" })
  @ApiOkResponse({ type: PatientContactDto })
  get(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientContactDto> {
    return this.contacts.get(actorOf(clinicId, principal), patientId);
  }

  @Put(':patientId')
  @AuditedResource('patient_contact', { id: 'patientId', action: 'patient_contact.write' })
  @ApiOperation({ summary: "Set a patient's contact points and channel preference (audited)" })
  @ApiOkResponse({ type: PatientContactDto })
  put(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @Body() body: PatientContactBodyDto,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientContactDto> {
    return this.contacts.put(actorOf(clinicId, principal), contactOf(patientId, body));
  }

  @Delete(':patientId')
  @HttpCode(204)
  remove(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    return this.contacts.remove(actorOf(clinicId, principal), patientId);
  }
}
