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
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const kind = kindForStatus(status);
    if (status === 404) return new DomainError(kind, 'http.not_found', 'No such resource.');
    if (status >= 500) return new DomainError('internal', 'internal', 'An unexpected error occurred.');
    return new DomainError(kind, `http.${status}`, error.message);
  }
  return new DomainError('internal', 'internal', 'An unexpected error occurred.');
}
