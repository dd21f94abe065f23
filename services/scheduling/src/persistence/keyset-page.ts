import { ValidationError } from '@carebus/errors';
import { decodeCursor, type CursorPosition } from '../shared/cursor';
import { DEFAULT_PAGE_SIZE, type PageQueryDto } from '../shared/page-query.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a repository needs to read one page: how many rows and after which row. */
export interface PageRequest {
  limit: number;
  after: CursorPosition | null;
}

/**
 * Decodes `?limit&cursor`. A cursor's id goes into SQL as a uuid, so a forged one is a 400
 * `validation.failed` on `cursor`, never a 500 from PostgreSQL.
 */
export function pageRequest(query: PageQueryDto): PageRequest {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  if (after && !UUID.test(after.id)) {
    throw new ValidationError([{ field: 'cursor', message: 'is not a cursor issued by this API' }]);
  }
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, after };
}
