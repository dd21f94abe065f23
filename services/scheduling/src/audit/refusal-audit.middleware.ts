import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '@carebus/auth';
import { describeError } from '@carebus/errors';
import { AuditTrail } from '@carebus/audit';

/** Routes that read or write patient data; refusals there are audited like refused use cases. */
const PATIENT_DATA = /^\/v1\/(appointments|patients)(\/([0-9a-f-]{36}))?/i;

/**
 * The roles guard refuses before any use case runs, so no use case can audit it. This records
 * those refusals (403 for a verified caller) on patient-data routes as `denied`, after the answer.
 */
@Injectable()
export class RefusalAuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Audit');

  constructor(private readonly audit: AuditTrail) {}

  use(req: Request, res: Response, next: NextFunction): void {
    res.on('finish', () => {
      const principal = (req as Request & { principal?: Principal }).principal;
      const match = PATIENT_DATA.exec(req.originalUrl.split('?')[0] ?? '');
      if (res.statusCode !== 403 || !principal?.clinicId || !match) return;
      const resourceType = match[1]!.toLowerCase() === 'patients' ? 'patient' : 'appointment';
      this.audit
        .recordOutcome({
          clinicId: principal.clinicId,
          principal,
          action: `${req.method} ${resourceType}`,
          resourceType,
          resourceId: match[3] ?? null,
          outcome: 'denied',
        })
        .catch((error: unknown) =>
          this.logger.warn({ err: describeError(error) }, 'could not audit a refusal'),
        );
    });
    next();
  }
}
