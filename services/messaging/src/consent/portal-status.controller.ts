import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ApplyPortalStatusUseCase } from './apply-portal-status.use-case';
import { PortalStatusBodyDto, PortalStatusResultDto } from './consent.dto';

/** The national portal's partner API: citizens' account state and consent, pushed as they change. */
@ApiTags('National portal (partner)')
@ApiBearerAuth()
@Roles('partner')
@AuditedResource('patient', { id: null })
@Controller('v1/partner/portal')
export class PortalStatusController {
  constructor(private readonly apply: ApplyPortalStatusUseCase) {}

  @Post('patient-status')
  @HttpCode(200)
  @ApiOperation({
    summary: "A citizen's portal account state and consent to digital contact changed",
    description:
      'Client credentials of the portal, for the clinic the token names. The number travels in the body only (never in a path); it changes every patient of that clinic recorded with it.',
  })
  @ApiOkResponse({ type: PortalStatusResultDto })
  async pushPatientStatus(
    @Body() body: PortalStatusBodyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalStatusResultDto> {
    return this.apply.execute({ principal, ...body });
  }
}
