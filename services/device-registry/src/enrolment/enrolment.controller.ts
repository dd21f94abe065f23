import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicId, CurrentPrincipal, type Principal } from '@carebus/auth';
import { CreateEnrolmentCodeUseCase } from './create-enrolment-code.use-case';
import { CreateEnrolmentCodeBodyDto, EnrolmentCodeDto } from './enrolment.dto';

/** Enrolment codes for agents (docs/device-registry.md#enrolment). */
@ApiTags('Devices')
@ApiBearerAuth()
@Controller('v1/enrolment-codes')
export class EnrolmentController {
  constructor(private readonly create: CreateEnrolmentCodeUseCase) {}

  @Post()
  @ApiOperation({
    summary: 'Create a single-use, short-lived enrolment code for one agent kind',
    description: 'Clinic admins only (403 devices.admin_only otherwise, audited). The code is answered once.',
  })
  @ApiCreatedResponse({ type: EnrolmentCodeDto })
  async createCode(
    @Body() body: CreateEnrolmentCodeBodyDto,
    @ClinicId() clinicId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnrolmentCodeDto> {
    const ttlMs = body.ttlSeconds !== undefined ? body.ttlSeconds * 1000 : undefined;
    return EnrolmentCodeDto.from(await this.create.execute({ clinicId, principal }, body.kind, ttlMs));
  }
}
