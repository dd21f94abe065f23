import { type ArgumentsHost, Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { GrpcMethod, GrpcStreamCall, Payload } from '@nestjs/microservices';
import { AuditedResource } from '@carebus/audit';
import { CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { GrpcErrorFilter } from './grpc-error.filter';
import { portalDialogueOf, type SendDialogueRequest } from './portal-dialogue-request';
import { RejectUnreadableRequest } from './unreadable-request';
import { AttachPortalFileUseCase, type AttachedFile } from './attach-portal-file.use-case';
import { attachFileStream, type AttachFileCall } from './attach-file-stream';
import { GrpcHost, type GrpcCallback } from './grpc-error.filter';
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
  constructor(
    private readonly receive: ReceivePortalDialogueUseCase,
    private readonly attach: AttachPortalFileUseCase,
  ) {}

  @GrpcMethod('PortalPartnerService', 'SendDialogue')
  @Roles('partner')
  async sendDialogue(
    @Payload() req: SendDialogueRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PortalDialogueResult> {
    return this.receive.execute({ principal, ...(await portalDialogueOf(req)) });
  }

  /**
   * A client stream as the raw grpc-js call (`@GrpcStreamCall`): Nest's Observable streams drop
   * the parts of a short stream that ends while the guard runs. The answer goes through the
   * callback; a refusal through it too, mapped and audited by the filter.
   */
  @GrpcStreamCall('PortalPartnerService', 'AttachFile')
  @Roles('partner')
  @AuditedResource('attachment', { id: null, action: 'attachment.upload' })
  async attachFile(
    @Payload() call: AttachFileCall,
    @CurrentPrincipal() principal: Principal,
    @GrpcHost() host: ArgumentsHost,
  ): Promise<void> {
    try {
      const stored: AttachedFile = await this.attach.execute(principal, await attachFileStream(call));
      host.getArgByIndex<GrpcCallback>(1)(null, stored);
    } finally {
      call.resume();
    }
  }
}
