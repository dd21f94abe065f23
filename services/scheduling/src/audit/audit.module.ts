import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { AuditTrail } from './audit-trail';
import { RefusalAuditMiddleware } from './refusal-audit.middleware';

/** One audit writer for every feature that touches patient data; refusals by the guard included. */
@Global()
@Module({ providers: [AuditTrail, AuditLogRepository, RefusalAuditMiddleware], exports: [AuditTrail] })
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RefusalAuditMiddleware).forRoutes('v1/*path');
  }
}
