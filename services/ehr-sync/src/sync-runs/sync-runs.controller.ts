import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { RequestSyncUseCase } from './request-sync.use-case';
import { SyncRunDto, SyncRunPageDto, SyncStatusDto } from './sync-runs.dto';
import { SyncStatusUseCase } from './sync-status.use-case';

const ADMIN_NOTE = 'Clinic admins of this clinic only; every call, allowed or refused, is audited.';

/** A connection's sync: status, the run ledger and "sync the whole schedule" (docs/ehr-sync.md#sync-runs). */
@ApiTags('EHR sync')
@ApiBearerAuth()
@Roles('clinic_admin')
@AuditedResource('ehr_connection', { id: 'id' })
@Controller('v1/clinics/:clinicId/ehr-connections/:id')
export class SyncRunsController {
  constructor(
    private readonly request: RequestSyncUseCase,
    private readonly status: SyncStatusUseCase,
  ) {}

  @Post('sync-runs')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Sync the whole schedule now: answers the queued run at once (the one already waiting, if any)',
    description: ADMIN_NOTE,
  })
  @ApiAcceptedResponse({ type: SyncRunDto })
  async requestSync(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SyncRunDto> {
    return SyncRunDto.from(await this.request.execute({ clinicId, principal }, id));
  }

  @Get('sync-runs')
  @ApiOperation({ summary: "The connection's run ledger, newest first", description: ADMIN_NOTE })
  @ApiOkResponse({ type: SyncRunPageDto })
  async listRuns(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SyncRunPageDto> {
    const page = await this.status.ledger({ clinicId, principal }, id, pageRequest(query));
    return { items: page.items.map((r) => SyncRunDto.from(r)), nextCursor: page.nextCursor };
  }

  @Get('sync-runs/:runId')
  @ApiOperation({ summary: 'One run of the ledger', description: ADMIN_NOTE })
  @ApiOkResponse({ type: SyncRunDto })
  async readRun(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @Param('runId', ParseUuidPipe) runId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SyncRunDto> {
    return SyncRunDto.from(await this.status.run({ clinicId, principal }, id, runId));
  }

  @Get('sync-status')
  @ApiOperation({
    summary: 'Whether syncing works, the last and current run, when the next runs are due, the last error',
    description: ADMIN_NOTE,
  })
  @ApiOkResponse({ type: SyncStatusDto })
  async readStatus(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SyncStatusDto> {
    return SyncStatusDto.from(await this.status.status({ clinicId, principal }, id));
  }
}
