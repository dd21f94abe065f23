import { type DynamicModule, Module } from '@nestjs/common';
import { AUDIT_OPTIONS, type AuditOptions } from './audit-options';
import { AuditSealer } from './audit-sealer';
import { AuditTrail } from './audit-trail';
import { RefusalRecorder } from './refusal-recorder';

/**
 * The service's audit trail: `AuditTrail` for every feature that touches patient data, the
 * sealer that chains its rows, and `RefusalRecorder`, with which the edge's error filters record
 * denials. Needs the platform's TenantScope, Outbox and MetricsRegistry.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditOptions): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      providers: [{ provide: AUDIT_OPTIONS, useValue: options }, AuditTrail, AuditSealer, RefusalRecorder],
      exports: [AuditTrail, AuditSealer, RefusalRecorder],
    };
  }
}
