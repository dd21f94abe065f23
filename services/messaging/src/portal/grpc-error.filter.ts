import { Metadata } from '@grpc/grpc-js';
import {
  type ArgumentsHost,
  Catch,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  Logger,
  type RpcExceptionFilter,
} from '@nestjs/common';
import { from, mergeMap, type Observable, of, throwError } from 'rxjs';
import { RefusalRecorder } from '@carebus/audit';
import { describeError, DomainError, GRPC_STATUS, translateError } from '@carebus/errors';

/**
 * gRPC's side of the one error mapping: status code from the error kind, stable code in
 * `error-code` (a client stream's answer goes through its callback). A refusal is audited first (RefusalRecorder); if that write fails the caller gets
 * UNAVAILABLE `audit.unavailable`. An unexpected error is logged as describeError allows, never
 * with its message.
 */
@Catch()
@Injectable()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('GrpcErrors');

  constructor(private readonly refusals: RefusalRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const answered = from(this.answer(exception, host));
    const callback: unknown = host.getArgByIndex(1);
    // A client stream (`@GrpcStreamCall`) is answered through its callback, not the Observable.
    if (typeof callback === 'function')
      // It completes with a value: Nest awaits its last one, and an empty stream would reject.
      return answered.pipe(
        mergeMap((answer) => {
          (callback as GrpcCallback)(answer, null);
          return of(null);
        }),
      ) as unknown as Observable<never>;
    return answered.pipe(mergeMap((answer) => throwError(() => answer)));
  }

  private async answer(exception: unknown, host: ArgumentsHost): Promise<GrpcError> {
    const error = translateError(exception);
    if (error.kind === 'internal' && !(exception instanceof DomainError)) {
      this.logger.error({ err: describeError(exception) }, 'unhandled gRPC error');
    }
    return grpcError(await this.refusals.answerFor(error, host));
  }
}

type GrpcError = { code: number; details: string; metadata: Metadata };

/** The answer callback of a `@GrpcStreamCall` client stream. */
export type GrpcCallback = (error: GrpcError | null, response: unknown) => void;

/** The call's ArgumentsHost, for a handler that answers through its callback. */
export const GrpcHost = createParamDecorator((_data: unknown, context: ExecutionContext) => context);

function grpcError(error: DomainError): GrpcError {
  const metadata = new Metadata();
  metadata.set('error-code', error.code);
  return { code: GRPC_STATUS[error.kind], details: error.message, metadata };
}
