import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { ParseUuidPipe } from '@carebus/platform';
import { definedChanges } from '../shared/patch-fields';
import { NationalId } from './national-id';
import {
  CreatePatientDto,
  PatientDto,
  PatientListQueryDto,
  PatientPageDto,
  UpdatePatientDto,
} from './patient.dto';
import { PatientRecords } from './patient-records';
import type { PatientInput } from './patient';

const CLINIC_USERS = ['clinic_admin', 'practitioner', 'staff'] as const;

const nationalIdOf = (raw: string | null | undefined) =>
  raw === undefined ? undefined : raw === null ? null : NationalId.parse(raw);

@ApiTags('patients')
@AuditedResource('patient')
@Controller('v1/patients')
export class PatientsController {
  constructor(private readonly records: PatientRecords) {}

  @Get()
  @Roles(...CLINIC_USERS)
  @AuditedResource('patient', { action: 'patients.list' })
  @ApiOperation({
    summary: 'List patients by name, optionally by a name prefix (audited per patient listed)',
  })
  @ApiOkResponse({ type: PatientPageDto })
  async list(
    @Query() query: PatientListQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientPageDto> {
    const page = await this.records.list(principal, query.name, pageRequest(query));
    return { items: page.items.map(PatientDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles(...CLINIC_USERS, 'patient', 'guardian')
  @ApiOperation({ summary: 'Read a patient (patients and guardians: only the patient their token names)' })
  @ApiOkResponse({ type: PatientDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDto> {
    return PatientDto.from(await this.records.read(principal, id));
  }

  @Post()
  @Roles(...CLINIC_USERS)
  @ApiOperation({
    summary: 'Register a patient',
    description:
      'Invalid national id: 400 scheduling.invalid_national_id (H-numbers: scheduling.unsupported_national_id); duplicate in the clinic: 409 scheduling.patient_exists.',
  })
  @ApiCreatedResponse({ type: PatientDto })
  async create(
    @Body() body: CreatePatientDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDto> {
    const input = (): PatientInput => ({
      name: body.name,
      nationalId: nationalIdOf(body.nationalId) ?? null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      hasGuardian: body.hasGuardian ?? false,
      listedPractitionerId: body.listedPractitionerId ?? null,
    });
    return PatientDto.from(await this.records.create(principal, input));
  }

  @Patch(':id')
  @Roles(...CLINIC_USERS)
  @ApiOperation({
    summary: "Change a patient's name, national id, contact points, guardian flag or listed GP",
  })
  @ApiOkResponse({ type: PatientDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdatePatientDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDto> {
    const changes = (): Partial<PatientInput> => {
      const { nationalId, ...rest } = definedChanges(body);
      return nationalId === undefined ? rest : { ...rest, nationalId: nationalIdOf(nationalId) };
    };
    return PatientDto.from(await this.records.update(principal, id, changes));
  }
}
