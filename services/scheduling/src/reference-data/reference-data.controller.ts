import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { RepublishReferenceDataUseCase } from './republish-reference-data.use-case';
import { RepublishedDto } from './republished.dto';

@ApiTags('reference-data')
@Controller('v1/clinics/:id/reference-data')
export class ReferenceDataController {
  constructor(private readonly republish: RepublishReferenceDataUseCase) {}

  @Post('republish')
  @HttpCode(200)
  @Roles('clinic_admin', 'operator')
  @ApiOperation({
    summary:
      "Publish the clinic's current calendars, practitioners, appointment types and patients again " +
      '(backfill for a new consumer; consumers ignore versions they hold)',
  })
  @ApiOkResponse({ type: RepublishedDto })
  async execute(
    @Param('id', ParseUuidPipe) clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RepublishedDto> {
    return this.republish.execute({ principal, clinicId });
  }
}
