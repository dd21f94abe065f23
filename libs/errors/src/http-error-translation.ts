import { HttpException } from '@nestjs/common';
import { DomainError, ValidationError } from './domain-error';
import { kindForStatus } from './problem-details';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * Turns whatever reached the edge into a DomainError: domain errors pass through; framework
 * errors (unknown route, malformed JSON, too large) get stable codes; anything else is internal.
 */
export function translateError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const parser = error as BodyParserError;
  if (parser?.type === 'entity.parse.failed') {
    return new ValidationError([], 'request.malformed_json', 'The request body is not valid JSON.');
  }
  if (parser?.type === 'entity.too.large') {
    return new DomainError('payload_too_large', 'request.too_large', 'The request body is too large.');
  }
  // JSON in a charset other than UTF-8, or a Content-Encoding the parser cannot undo.
  if (parser?.type === 'charset.unsupported' || parser?.type === 'encoding.unsupported') {
    return unsupportedMediaType();
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    // Nest 11 re-wraps body-parser's JSON SyntaxError as a BadRequestException carrying its text.
    if (status === 400 && /JSON/.test(error.message)) {
      return new ValidationError([], 'request.malformed_json', 'The request body is not valid JSON.');
    }
    const kind = kindForStatus(status);
    if (status === 404) return new DomainError(kind, 'http.not_found', 'No such resource.');
    if (status >= 500) return new DomainError('internal', 'internal', 'An unexpected error occurred.');
    return new DomainError(kind, `http.${status}`, error.message);
  }
  // Anything else the body reader refused with a 4xx of its own (a body that does not inflate, a
  // length that does not match): its message may quote the input, so it is not passed on.
  if (parser?.expose === true && typeof parser.status === 'number' && parser.status < 500) {
    return new DomainError(
      kindForStatus(parser.status),
      'request.unreadable_body',
      'The request body could not be read.',
    );
  }
  if (error instanceof Error && error.message === POOL_TIMEOUT) {
    return new DomainError('unavailable', 'service.database_busy', 'The service is busy; retry shortly.');
  }
  return new DomainError('internal', 'internal', 'An unexpected error occurred.');
}

/** A request body that is not JSON (UTF-8, identity/gzip/deflate/br): the only bodies we read. */
export function unsupportedMediaType(): DomainError {
  return new DomainError(
    'unsupported_media_type',
    'request.unsupported_media_type',
    'The request body must be application/json (UTF-8).',
  );
}

/** A known path asked with a method it does not have; the edge sets `Allow` beside it. */
export function methodNotAllowed(): DomainError {
  return new DomainError(
    'method_not_allowed',
    'http.method_not_allowed',
    'This resource does not support the method; see the Allow header.',
  );
}

/** pg-pool's message when no pooled connection frees up in time (a burst, or the database is away). */
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';
