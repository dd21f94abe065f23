import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidationError } from '@carebus/errors';
import { isUuid } from '@carebus/persistence';

/** Path and query ids must be UUIDs; a bad one is a 400 naming the parameter, not a 500 from SQL. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (isUuid(value)) return value.toLowerCase();
    throw new ValidationError([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
  }
}
