import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, type EntityManager } from 'typeorm';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { NotFoundError } from '@carebus/errors';
import { currentTraceId } from '@carebus/observability';
import { inTenantTransaction, ParseUuidPipe } from '@carebus/platform';
import { PatientContactsRepository } from '../settings/patient-contacts.repository';
import { PatientContactBodyDto, PatientContactDto } from './settings.dto';
import { tenantOf } from './settings.controller';

/** Patient contact points and channel preference; every read and write is audited. */
@ApiTags('patient contacts')
@ApiBearerAuth()
@Roles('clinic_admin')
@Controller('v1/patient-contacts')
export class ContactsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contacts: PatientContactsRepository,
  ) {}

  @Get(':patientId')
  @ApiOperation({ summary: "Read a patient's contact points (audited)" })
  @ApiOkResponse({ type: PatientContactDto })
  async get(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientContactDto> {
    const clinicId = tenantOf(principal);
    const contact = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      const found = await this.contacts.find(m, clinicId, patientId);
      await audit(m, clinicId, principal, 'patient_contact.read', patientId);
      return found;
    });
    if (!contact)
      throw new NotFoundError('notifications.contact_not_found', 'No contact points for this patient.');
    return contact;
  }

  @Put(':patientId')
  @ApiOperation({ summary: "Set a patient's contact points and channel preference (audited)" })
  @ApiOkResponse({ type: PatientContactDto })
  async put(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @Body() body: PatientContactBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientContactDto> {
    const clinicId = tenantOf(principal);
    const contact = {
      patientId,
      name: body.name ?? null,
      email: body.email ?? null,
      phone: body.phone ?? null,
      pushToken: body.pushToken ?? null,
      preferredChannel: body.preferredChannel ?? null,
      language: body.language ?? null,
      portalReachable: body.portalReachable ?? false,
      guardianContact: body.guardianContact ?? false,
    };
    await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      await this.contacts.put(m, clinicId, contact);
      await audit(m, clinicId, principal, 'patient_contact.write', patientId);
    });
    return contact;
  }

  @Delete(':patientId')
  @HttpCode(204)
  async remove(
    @Param('patientId', ParseUuidPipe) patientId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const clinicId = tenantOf(principal);
    const removed = await inTenantTransaction(this.dataSource, clinicId, async (m) => {
      await audit(m, clinicId, principal, 'patient_contact.delete', patientId);
      return this.contacts.remove(m, clinicId, patientId);
    });
    if (!removed)
      throw new NotFoundError('notifications.contact_not_found', 'No contact points for this patient.');
  }
}

/** Access to patient contact data into the schema's audit_log, in the same transaction. */
async function audit(
  m: EntityManager,
  clinicId: string,
  principal: Principal,
  action: string,
  patientId: string,
): Promise<void> {
  await m.query(
    `INSERT INTO notifications.audit_log (clinic_id, actor, action, resource_type, resource_id, outcome, trace_id)
     VALUES ($1, $2, $3, 'patient', $4, 'allowed', $5)`,
    [clinicId, principal.subject, action, patientId, currentTraceId() ?? null],
  );
}
