import { ValidationError } from '@carebus/errors';
import { isUuid } from './uuid';

/**
 * Keyset pagination: a page ends with an opaque cursor holding the sort key and id of its last
 * row. Unlike offsets it stays correct while rows are added and costs the same on every page.
 */
export interface CursorPosition {
  /** The sort column's value of the last row, as text (an ISO instant, a name, ...). */
  key: string;
  id: string;
}

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

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** Throws `validation.failed` on the `cursor` field for anything this API did not issue. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && isUuid(value[1])) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'is not a cursor issued by this API' }]);
}

/**
 * Reads `?limit&cursor`. A forged cursor (its id goes into SQL as a uuid) is a 400
 * `validation.failed` on `cursor`, never a 500 from PostgreSQL.
 */
export function pageRequest(query: { limit?: number | undefined; cursor?: string | undefined }): PageRequest {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, after };
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<T>(rows: T[], limit: number, position: (row: T) => CursorPosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
