import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { PortalDialogueBodyDto, PortalDialogueResultDto } from './portal-inbound.dto';
import { ReceivePortalDialogueUseCase } from './receive-portal-dialogue.use-case';

/** The national portal's partner API: patients' dialogues and renewal requests coming in. */
@ApiTags('National portal (partner)')
@ApiBearerAuth()
@Roles('partner')
@AuditedResource('thread', { id: null })
@Controller('v1/partner/portal')
export class PortalInboundController {
  constructor(private readonly receive: ReceivePortalDialogueUseCase) {}

  @Post('dialogues')
  @ApiOperation({
    summary: "A patient's e-contact, e-consultation or prescription renewal request from the portal",
    description:
      'Client credentials of the portal, for the clinic the token names. Creates a thread of origin national_portal (201); the same portalMessageId again answers that thread (200). The patient is the one recorded with the number in this clinic; an unknown number answers 404.',
  })
  @ApiCreatedResponse({ type: PortalDialogueResultDto })
  @ApiOkResponse({ type: PortalDialogueResultDto })
  async dialogue(
    @Body() body: PortalDialogueBodyDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PortalDialogueResultDto> {
    const result = await this.receive.execute({ principal, ...body });
    res.status(result.created ? 201 : 200);
    return result;
  }
}
