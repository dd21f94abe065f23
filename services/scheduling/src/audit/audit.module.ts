import { Global, Module } from '@nestjs/common';
import { AuditTrail } from './audit-trail';

/** One audit writer for every feature that touches patient data. */
@Global()
@Module({ providers: [AuditTrail], exports: [AuditTrail] })
export class AuditModule {}
