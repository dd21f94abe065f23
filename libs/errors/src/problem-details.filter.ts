import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from './domain-error';
import { describeError } from './error-description';
import { translateError } from './http-error-translation';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/** Error-side hook so the filter can put the current trace id into problems without a dependency. */
export type TraceIdSource = () => string | undefined;

/**
 * Runs before an error is answered (e.g. to audit a refusal) and answers the error to send: the
 * same one, or another when the step itself failed (an audit write: 503).
 */
export type BeforeAnswer = (error: DomainError, host: ArgumentsHost) => Promise<DomainError>;

/**
 * The one HTTP exception filter of every service: every error leaves as problem+json with a
 * stable code; unexpected errors leave as a bare 500 and are logged as describeError allows (class,
 * codes, our frames): never their message, query, parameters or the request body.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    private readonly traceId: TraceIdSource = () => undefined,
    private readonly beforeAnswer?: BeforeAnswer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const error = translateError(exception);
    if (error.kind === 'internal' && !(exception instanceof DomainError)) {
      const request = host.switchToHttp().getRequest<Request>();
      this.logger.error({ err: describeError(exception), path: request.route?.path }, 'unhandled error');
    }
    const traceId = this.traceId();
    if (!this.beforeAnswer) return this.answer(error, host, traceId);
    // The response waits for the step, so its outcome decides what the caller is told.
    this.beforeAnswer(error, host).then(
      (answer) => this.answer(answer, host, traceId),
      (failure: unknown) => {
        this.logger.error({ err: describeError(failure) }, 'could not prepare an error answer');
        this.answer(translateError(failure), host, traceId);
      },
    );
  }

  private answer(error: DomainError, host: ArgumentsHost, traceId: string | undefined): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(error, request.originalUrl?.split('?')[0], traceId);
    if (response.headersSent) return;
    if (problem.status === 503) response.setHeader('Retry-After', '1');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
