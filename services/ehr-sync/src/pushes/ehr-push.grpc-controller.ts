import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { clinicOf, CurrentPrincipal, Roles, type Principal } from '@carebus/auth';
import { GrpcErrorFilter } from './grpc-error.filter';
import { PushChangeUseCase } from './push-change.use-case';
import { pushedChangeOf, type PushChangeRequest } from './pushed-change';

/**
 * EHR vendors' real-time pushes over gRPC (client credentials: role partner, the token's clinic
 * owns the connection). Authentication comes from the global guard reading `authorization` metadata.
 */
@Controller()
@UseFilters(GrpcErrorFilter)
export class EhrPushGrpcController {
  constructor(private readonly push: PushChangeUseCase) {}

  @GrpcMethod('EhrPushService', 'PushChange')
  @Roles('partner')
  async pushChange(@Payload() req: PushChangeRequest, @CurrentPrincipal() principal: Principal) {
    return this.push.execute(principal, clinicOf(principal), pushedChangeOf(req));
  }
}
