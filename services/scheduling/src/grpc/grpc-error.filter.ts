import { Metadata } from '@grpc/grpc-js';
import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';
import { describeError, DomainError, GRPC_STATUS, translateError } from '@carebus/errors';

/**
 * gRPC's side of the one error mapping: status code from the error kind, stable code in
 * `error-code`. An unexpected error is logged as describeError allows, never with its message.
 */
@Catch()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcErrors');

  catch(exception: unknown): Observable<never> {
    const error = translateError(exception);
    if (error.kind === 'internal' && !(exception instanceof DomainError)) {
      this.logger.error({ err: describeError(exception) }, 'unhandled gRPC error');
    }
    const metadata = new Metadata();
    metadata.set('error-code', error.code);
    return throwError(() => ({ code: GRPC_STATUS[error.kind], details: error.message, metadata }));
  }
}
