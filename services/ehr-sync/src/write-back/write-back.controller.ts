import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { ParkedWritesUseCase } from './parked-writes.use-case';
import { WriteDto, WritePageDto } from './write-back.dto';

const NOTE =
  'Clinic admins, or operators whose token names this clinic; every call, allowed or refused, is audited. Payloads are never answered.';

/** Writes to the clinic's EHRs that were parked, and the operator's retry (docs/ehr-sync.md#parking-and-operator-retry). */
@ApiTags('EHR write-back')
@ApiBearerAuth()
@Roles('clinic_admin', 'operator')
@AuditedResource('ehr_write')
@Controller('v1/clinics/:clinicId/ehr-writes')
export class WriteBackController {
  constructor(private readonly parked: ParkedWritesUseCase) {}

  @Get('parked')
  @ApiOperation({ summary: 'Parked writes to the EHR, oldest parked first', description: NOTE })
  @ApiOkResponse({ type: WritePageDto })
  async listParked(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WritePageDto> {
    const page = await this.parked.list({ clinicId, principal }, pageRequest(query));
    return { items: page.items.map((w) => WriteDto.from(w)), nextCursor: page.nextCursor };
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put a parked write back in the queue, due now',
    description: `${NOTE} A write that is not parked answers 409 ehrsync.write_not_parked.`,
  })
  @ApiOkResponse({ type: WriteDto })
  async retry(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WriteDto> {
    return WriteDto.from(await this.parked.retry({ clinicId, principal }, id));
  }
}
