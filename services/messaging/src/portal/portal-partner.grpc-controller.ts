import { Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { GrpcErrorFilter } from './grpc-error.filter';
import { portalDialogueOf, type SendDialogueRequest } from './portal-dialogue-request';
import { RejectUnreadableRequest } from './unreadable-request';
import { ReceivePortalDialogueUseCase, type PortalDialogueResult } from './receive-portal-dialogue.use-case';

/**
 * The national portal's partner API over gRPC (carebus.messaging.v1.PortalPartnerService): the
 * same use case, rules and audit as `POST /v1/partner/portal/dialogues`. Authentication comes
 * from the global guard reading `authorization` metadata (client credentials, role partner, the
 * token's clinic receives the dialogue); a request whose bytes did not decode is INVALID_ARGUMENT.
 */
@Controller()
@UseFilters(GrpcErrorFilter)
@UseInterceptors(RejectUnreadableRequest)
@AuditedResource('thread', { id: null, action: 'thread.create' })
export class PortalPartnerGrpcController {
  constructor(private readonly receive: ReceivePortalDialogueUseCase) {}

  @GrpcMethod('PortalPartnerService', 'SendDialogue')
  @Roles('partner')
  async sendDialogue(
    @Payload() req: SendDialogueRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalDialogueResult> {
    return this.receive.execute({ principal, ...(await portalDialogueOf(req)) });
  }
}
