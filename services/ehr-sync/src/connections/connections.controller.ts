import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import {
  ConnectionCheckDto,
  ConnectionDto,
  ConnectionPageDto,
  CreateConnectionBodyDto,
  credentialsOf,
  EhrProviderDto,
  EhrProvidersDto,
  ReauthenticateBodyDto,
  settingsOf,
  UpdateSettingsBodyDto,
} from './connections.dto';
import { CreateConnectionUseCase } from './create-connection.use-case';
import { ReauthenticateConnectionUseCase } from './reauthenticate-connection.use-case';
import { UpdateSettingsUseCase } from './update-settings.use-case';
import { UseConnectionUseCase } from './use-connection.use-case';

const ADMIN_NOTE =
  'Clinic admins of this clinic only; every call, allowed or refused, is audited. Credentials are never answered.';

/** A clinic's connections to its EHRs (docs/ehr-sync.md#ehr-connections). */
@ApiTags('EHR connections')
@ApiBearerAuth()
@Roles('clinic_admin')
@AuditedResource('ehr_connection')
@Controller('v1/clinics/:clinicId/ehr-connections')
export class ConnectionsController {
  constructor(
    private readonly create: CreateConnectionUseCase,
    private readonly use: UseConnectionUseCase,
    private readonly reauth: ReauthenticateConnectionUseCase,
    private readonly updateSettings: UpdateSettingsUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Connect the clinic to an EHR: the credentials are proven against the EHR first',
    description: `${ADMIN_NOTE} Rejected credentials answer 422 ehrsync.credentials_rejected and alert the clinical administrator.`,
  })
  @ApiCreatedResponse({ type: ConnectionDto })
  async createConnection(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: CreateConnectionBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    const credentials = credentialsOf(body.style, body.credentials);
    return ConnectionDto.from(
      await this.create.execute({ actor: { clinicId, principal }, baseUrl: body.baseUrl, credentials }),
    );
  }

  @Get()
  @ApiOperation({ summary: "The clinic's EHR connections, oldest first", description: ADMIN_NOTE })
  @ApiOkResponse({ type: ConnectionPageDto })
  async listConnections(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionPageDto> {
    const page = await this.use.list({ clinicId, principal }, pageRequest(query));
    return { items: page.items.map((c) => ConnectionDto.from(c)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One EHR connection: status and settings', description: ADMIN_NOTE })
  @ApiOkResponse({ type: ConnectionDto })
  async readConnection(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    return ConnectionDto.from(await this.use.read({ clinicId, principal }, id));
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Use the connection once (list the EHR providers); a withdrawn authorisation de-authorises it',
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: ConnectionCheckDto })
  async checkConnection(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionCheckDto> {
    const checked = await this.use.check({ clinicId, principal }, id, 'check');
    return { connection: ConnectionDto.from(checked.connection), providerCount: checked.providers.length };
  }

  @Get(':id/providers')
  @ApiOperation({
    summary: 'The providers the EHR lists, to choose settings.providerIds from',
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: EhrProvidersDto })
  async listProviders(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EhrProvidersDto> {
    const checked = await this.use.check({ clinicId, principal }, id, 'providers');
    return { items: checked.providers.map((p) => EhrProviderDto.from(p)) };
  }

  @Post(':id/reauthenticate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the connection in again, with new or the stored credentials; the settings stay',
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: ConnectionDto })
  async reauthenticate(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: ReauthenticateBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    const actor = { clinicId, principal };
    if (!body.credentials) return ConnectionDto.from(await this.reauth.execute({ actor, connectionId: id }));
    const current = await this.use.read(actor, id);
    const credentials = credentialsOf(current.style, body.credentials);
    return ConnectionDto.from(await this.reauth.execute({ actor, connectionId: id, credentials }));
  }

  @Put(':id/settings')
  @ApiOperation({ summary: "Replace the connection's sync settings (versioned)", description: ADMIN_NOTE })
  @ApiOkResponse({ type: ConnectionDto })
  async putSettings(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Body() body: UpdateSettingsBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConnectionDto> {
    return ConnectionDto.from(
      await this.updateSettings.execute({
        actor: { clinicId, principal },
        connectionId: id,
        settings: settingsOf(body),
        expectedVersion: body.expectedVersion,
      }),
    );
  }
}
