import type { ErrorKind } from './domain-error';

/** HTTP status per error kind: the single mapping used by the problem+json filter. */
export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** gRPC status codes (numeric, as in @grpc/grpc-js `status`) per error kind. */
export const GRPC_STATUS: Record<ErrorKind, number> = {
  invalid: 3, // INVALID_ARGUMENT
  unauthenticated: 16, // UNAUTHENTICATED
  forbidden: 7, // PERMISSION_DENIED
  not_found: 5, // NOT_FOUND
  method_not_allowed: 12, // UNIMPLEMENTED
  request_timeout: 4, // DEADLINE_EXCEEDED
  conflict: 6, // ALREADY_EXISTS
  payload_too_large: 8, // RESOURCE_EXHAUSTED
  unsupported_media_type: 3, // INVALID_ARGUMENT
  headers_too_large: 8, // RESOURCE_EXHAUSTED
  unprocessable: 9, // FAILED_PRECONDITION
  rate_limited: 8, // RESOURCE_EXHAUSTED
  internal: 13, // INTERNAL
  unavailable: 14, // UNAVAILABLE
};

export const TITLES: Record<ErrorKind, string> = {
  invalid: 'Bad Request',
  unauthenticated: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not Found',
  method_not_allowed: 'Method Not Allowed',
  request_timeout: 'Request Timeout',
  conflict: 'Conflict',
  payload_too_large: 'Payload Too Large',
  unsupported_media_type: 'Unsupported Media Type',
  headers_too_large: 'Request Header Fields Too Large',
  unprocessable: 'Unprocessable Content',
  rate_limited: 'Too Many Requests',
  internal: 'Internal Server Error',
  unavailable: 'Service Unavailable',
};

/**
 * What a consumer does with an event whose handler failed with an error of this kind: `retry`
 * (through the retry topics: waiting may help — a database away, a reference not there yet) or
 * `dead_letter` at once (the event itself is wrong or not allowed; it will fail the same way on
 * every attempt). Errors outside the DomainError family are retried.
 */
export const ON_EVENT_FAILURE: Record<ErrorKind, 'retry' | 'dead_letter'> = {
  invalid: 'dead_letter',
  unauthenticated: 'dead_letter',
  forbidden: 'dead_letter',
  not_found: 'retry',
  method_not_allowed: 'dead_letter',
  request_timeout: 'retry',
  conflict: 'retry',
  payload_too_large: 'dead_letter',
  unsupported_media_type: 'dead_letter',
  headers_too_large: 'dead_letter',
  unprocessable: 'dead_letter',
  rate_limited: 'retry',
  internal: 'retry',
  unavailable: 'retry',
};
