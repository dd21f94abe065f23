import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { describeError } from './error-description';
import { translateError } from './http-error-translation';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/** Error-side hook so the filter can put the current trace id into problems without a dependency. */
export type TraceIdSource = () => string | undefined;

/**
 * The one HTTP exception filter of every service: every error leaves as problem+json with a
 * stable code; unexpected errors leave as a bare 500 and are logged as describeError allows (class,
 * codes, our frames): never their message, query, parameters or the request body.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(private readonly traceId: TraceIdSource = () => undefined) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const error = translateError(exception);
    if (error.kind === 'internal' && !(exception instanceof DomainError)) {
      this.logger.error({ err: describeError(exception), path: request.route?.path }, 'unhandled error');
    }
    const problem = toProblem(error, request.originalUrl?.split('?')[0], this.traceId());
    if (response.headersSent) return;
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
