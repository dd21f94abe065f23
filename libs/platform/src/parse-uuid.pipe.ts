import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@carebus/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical text form (any case): what a `uuid` column accepts. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Path and query ids must be UUIDs; a bad one is a 400 naming the parameter, not a 500 from SQL. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    throw new ValidationError([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
  }
}
