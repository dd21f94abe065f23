import { ValidationError } from '@carebus/errors';
import { isUuid } from '@carebus/persistence';

/** A bad field of a gRPC request: INVALID_ARGUMENT with `validation.failed`, like REST's 400. */
export class InvalidArgument extends ValidationError {
  constructor(field: string, message: string) {
    super([{ field, message: `${field} ${message}` }]);
  }
}

export function requireUuid(field: string, value: string | undefined): string {
  if (!value || !isUuid(value)) throw new InvalidArgument(field, 'must be a UUID');
  return value.toLowerCase();
}

export function optionalUuid(field: string, value: string | undefined): string | undefined {
  return value ? requireUuid(field, value) : undefined;
}
