import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { RefusalAuditMiddleware } from './refusal-audit.middleware';

/** Refusals by the guard on patient-data routes go to the audit trail (libs/audit's AuditTrail). */
@Module({ providers: [RefusalAuditMiddleware] })
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RefusalAuditMiddleware).forRoutes('v1/*path');
  }
}
