import { AuditedResource } from '@carebus/audit';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { pageRequest, type Page } from '@carebus/persistence';
import { PageQueryDto, ParseUuidPipe } from '@carebus/platform';
import { AccessLogEntryDto, AccessLogPageDto } from './access-log.dto';
import type { AccessLogEntry } from './patient-access';
import { ReadAccessLogUseCase } from './read-access-log.use-case';

const toDto = (page: Page<AccessLogEntry>): AccessLogPageDto => ({
  items: page.items.map(AccessLogEntryDto.from),
  nextCursor: page.nextCursor,
});

/** "Who accessed my record": a patient's access history, newest first, from every service. */
@ApiTags('access-log')
@Controller('v1')
export class AccessLogController {
  constructor(private readonly readLog: ReadAccessLogUseCase) {}

  @Get('me/access-log')
  @Roles('patient', 'guardian')
  @ApiOperation({
    summary: "Who accessed the token's own patient's record, newest first (the read is audited too)",
    description:
      "Patients and guardians (claim `patient_id`); guardians do not see accesses to the patient's hidden appointments.",
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  async own(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AccessLogPageDto> {
    return toDto(await this.readLog.own(principal, pageRequest(query)));
  }

  @Get('patients/:id/access-log')
  @Roles('clinic_admin')
  @AuditedResource('access_log', { action: 'access_log.read' })
  @ApiOperation({
    summary: "Who accessed a patient's record, newest first (the read is audited too)",
    description: "Another clinic's or an unknown patient: 404 scheduling.patient_not_found.",
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  async ofPatient(
    @Param('id', ParseUuidPipe) id: string,
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AccessLogPageDto> {
    return toDto(await this.readLog.ofPatient(principal, id, pageRequest(query)));
  }
}
