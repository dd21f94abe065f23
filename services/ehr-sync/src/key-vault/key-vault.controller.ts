import { Body, Controller, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import {
  factsDto,
  KeyFactsDto,
  ReplaceKeyBodyDto,
  sekOf,
  StoreKeyBodyDto,
  viewedDto,
  ViewedKeyDto,
} from './key-vault.dto';
import { ReadKeyFactsUseCase } from './read-key-facts.use-case';
import { ReplaceKeyUseCase } from './replace-key.use-case';
import { StoreKeyUseCase } from './store-key.use-case';
import { ViewKeyUseCase } from './view-key.use-case';

const ACCESS_NOTE =
  "Clinic admins of this clinic only. Every attempt, allowed or not, is audited and e-mailed to the clinic's clinical administrator.";

/**
 * A clinic's shared encryption key vault. Store, view and replace check their caller in the use
 * case (not with @Roles), so that a refused attempt still alerts the clinic it targeted.
 */
@ApiTags('key vault')
@ApiBearerAuth()
@AuditedResource('shared_key', { id: 'clinicId' })
@Controller('v1/clinics/:clinicId/key-vault')
export class KeyVaultController {
  constructor(
    private readonly store: StoreKeyUseCase,
    private readonly view: ViewKeyUseCase,
    private readonly replace: ReplaceKeyUseCase,
    private readonly facts: ReadKeyFactsUseCase,
  ) {}

  @Post()
  @AuditedResource('shared_key', { id: 'clinicId', action: 'shared_key.store' })
  @ApiOperation({ summary: "Store the clinic's shared encryption key (once)", description: ACCESS_NOTE })
  @ApiCreatedResponse({ type: KeyFactsDto })
  async storeKey(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: StoreKeyBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeyFactsDto> {
    return factsDto(await this.store.execute({ clinicId, principal, sek: sekOf(body) }));
  }

  @Get()
  @Roles('clinic_admin')
  @AuditedResource('shared_key', { id: 'clinicId', action: 'shared_key.read' })
  @ApiOperation({
    summary: 'Facts about the key without the key: id, version, the KEK version that wraps it',
  })
  @ApiOkResponse({ type: KeyFactsDto })
  async readFacts(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeyFactsDto> {
    return factsDto(await this.facts.execute(clinicId, principal));
  }

  @Post('view')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @AuditedResource('shared_key', { id: 'clinicId', action: 'shared_key.view' })
  @ApiOperation({ summary: "View the clinic's shared encryption key in clear", description: ACCESS_NOTE })
  @ApiOkResponse({ type: ViewedKeyDto })
  async viewKey(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ViewedKeyDto> {
    return viewedDto(await this.view.execute({ clinicId, principal }));
  }

  @Put()
  @AuditedResource('shared_key', { id: 'clinicId', action: 'shared_key.replace' })
  @ApiOperation({ summary: "Replace the clinic's shared encryption key", description: ACCESS_NOTE })
  @ApiOkResponse({ type: KeyFactsDto })
  async replaceKey(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: ReplaceKeyBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<KeyFactsDto> {
    const sek = sekOf(body);
    return factsDto(
      await this.replace.execute({
        clinicId,
        principal,
        sek,
        ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
      }),
    );
  }
}
