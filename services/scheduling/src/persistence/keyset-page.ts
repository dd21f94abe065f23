import { decodeCursor, type CursorPosition } from '../shared/cursor';
import { DEFAULT_PAGE_SIZE, type PageQueryDto } from '../shared/page-query.dto';

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
 * Decodes `?limit&cursor`. `decodeCursor` refuses a forged cursor (its id goes into SQL as a
 * uuid) with a 400 `validation.failed` on `cursor`, never a 500 from PostgreSQL.
 */
export function pageRequest(query: PageQueryDto): PageRequest {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, after };
}
