import { Metadata } from '@grpc/grpc-js';
import { type ArgumentsHost, Catch, Injectable, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { from, mergeMap, type Observable, throwError } from 'rxjs';
import { RefusalRecorder } from '@carebus/audit';
import { describeError, DomainError, GRPC_STATUS, translateError } from '@carebus/errors';

/**
 * gRPC's side of the one error mapping: status code from the error kind, stable code in
 * `error-code`. A refusal is audited first (RefusalRecorder); if that write fails the caller gets
 * UNAVAILABLE `audit.unavailable`. An unexpected error is logged as describeError allows, never
 * with its message.
 */
@Catch()
@Injectable()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcErrors');

  constructor(private readonly refusals: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const error = translateError(exception);
    if (error.kind === 'internal' && !(exception instanceof DomainError)) {
      this.logger.error({ err: describeError(exception) }, 'unhandled gRPC error');
    }
    return from(this.refusals.answerFor(error, host)).pipe(
      mergeMap((answer) => throwError(() => grpcError(answer))),
    );
  }
}

function grpcError(error: DomainError): { code: number; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set('error-code', error.code);
  return { code: GRPC_STATUS[error.kind], details: error.message, metadata };
}
