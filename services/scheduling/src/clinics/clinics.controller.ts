import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { checkIdempotencyKey } from '../bookings/idempotency-key';
import { definedChanges } from '../shared/patch-fields';
import { ClinicDto, ClinicPageDto, CreateClinicDto, CreatedClinicDto, UpdateClinicDto } from './clinic.dto';
import { ClinicsService } from './clinics.service';
import { CreateClinicUseCase } from './create-clinic.use-case';
import { UpdateClinicUseCase } from './update-clinic.use-case';

@ApiTags('clinics')
@Controller('v1/clinics')
export class ClinicsController {
  constructor(
    private readonly clinics: ClinicsService,
    private readonly createClinic: CreateClinicUseCase,
    private readonly updateClinic: UpdateClinicUseCase,
  ) {}

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Onboard a clinic with its locations (platform operator)' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Retries with the same key return the first clinic (200, Idempotent-Replayed: true)',
  })
  @ApiCreatedResponse({ type: CreatedClinicDto, description: 'Location: /v1/clinics/{id}' })
  async create(
    @Body() body: CreateClinicDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedClinicDto> {
    checkIdempotencyKey('Idempotency-Key', idempotencyKey);
    const created = await this.createClinic.execute({
      principal,
      name: body.name,
      timeZone: body.timeZone,
      clinicalAdminEmail: body.clinicalAdminEmail,
      locations: body.locations ?? [],
      idempotencyKey,
    });
    res.setHeader('Location', `/v1/clinics/${created.clinic.id}`);
    if (created.replayed) res.status(200).setHeader('Idempotent-Replayed', 'true');
    return CreatedClinicDto.fromCreated(created);
  }

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'List every clinic by name (platform operator)' })
  @ApiOkResponse({ type: ClinicPageDto })
  async list(@Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal): Promise<ClinicPageDto> {
    const page = await this.clinics.list(principal, pageRequest(query));
    return { items: page.items.map(ClinicDto.from), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Roles('clinic_admin', 'practitioner', 'staff', 'operator')
  @ApiOperation({ summary: "Read the caller's clinic; a platform operator reads any" })
  @ApiOkResponse({ type: ClinicDto })
  async get(
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClinicDto> {
    return ClinicDto.from(await this.clinics.get(principal, id));
  }

  @Patch(':id')
  @Roles('clinic_admin', 'operator')
  @ApiOperation({
    summary: "Change the caller's clinic (an operator: any clinic, and the clinical admin's e-mail)",
  })
  @ApiOkResponse({ type: ClinicDto })
  async update(
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateClinicDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ClinicDto> {
    return ClinicDto.from(await this.updateClinic.execute({ principal, id, changes: definedChanges(body) }));
  }
}
