import { DomainError, type ErrorKind } from './domain-error';
import { HTTP_STATUS, TITLES } from './error-kinds';

/** RFC 9457 problem details, with Carebus's stable `code` member. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  traceId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeUri(code: string): string {
  return `urn:carebus:problem:${code}`;
}

export function toProblem(error: DomainError, instance?: string, traceId?: string): ProblemDetails {
  const status = HTTP_STATUS[error.kind];
  return {
    ...error.extensions,
    type: problemTypeUri(error.code),
    title: TITLES[error.kind],
    status,
    detail: error.message,
    code: error.code,
    ...(instance ? { instance } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

export function kindForStatus(status: number): ErrorKind {
  const match = (Object.entries(HTTP_STATUS) as [ErrorKind, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  if (status >= 500) return 'internal';
  return 'invalid';
}
