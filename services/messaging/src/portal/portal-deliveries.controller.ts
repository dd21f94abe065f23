import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { ParseUuidPipe } from '@carebus/platform';
import { contentOf, PortalDeliveryDto, QueuePortalMessageBodyDto } from './portal-deliveries.dto';
import { QueuePortalMessageUseCase } from './queue-portal-message.use-case';
import { ReadPortalDeliveryUseCase } from './read-portal-delivery.use-case';

const NOTE = "The clinic's staff, practitioners and admins; every call, allowed or refused, is audited.";

/** Answers to patients through the national portal, and how their delivery stands. */
@ApiTags('Portal deliveries')
@ApiBearerAuth()
@Roles('staff', 'practitioner', 'clinic_admin')
@AuditedResource('portal_message')
@Controller('v1/clinics/:clinicId/portal-deliveries')
export class PortalDeliveriesController {
  constructor(
    private readonly queue: QueuePortalMessageUseCase,
    private readonly read: ReadPortalDeliveryUseCase,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Send a dialogue or renewal answer to the patient through the national portal',
    description: `${NOTE} Queued durably and delivered once, also across portal outages. 422 messaging.patient_unreachable (with the reason) when the patient cannot be reached there; nothing is queued. 202 when queued, 200 when the key was queued before.`,
  })
  @ApiAcceptedResponse({ type: PortalDeliveryDto })
  async queuePortalMessage(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Body() body: QueuePortalMessageBodyDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PortalDeliveryDto> {
    const { delivery, created } = await this.queue.execute({
      actor: { clinicId, principal },
      content: contentOf(body),
      idempotencyKey: body.idempotencyKey,
    });
    res.status(created ? 202 : 200);
    return PortalDeliveryDto.from(delivery);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'How a message to the portal stands: pending, delivered or failed',
    description: NOTE,
  })
  @ApiOkResponse({ type: PortalDeliveryDto })
  async readPortalDelivery(
    @Param('clinicId', ParseUuidPipe) clinicId: string,
    @Param('id', ParseUuidPipe) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalDeliveryDto> {
    return PortalDeliveryDto.from(await this.read.execute({ clinicId, principal }, id));
  }
}
