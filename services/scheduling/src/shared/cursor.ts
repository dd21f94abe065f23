import { ValidationError } from '@carebus/errors';
import { isUuid } from '@carebus/platform';

/**
 * Opaque keyset cursor: the sort key and id of the last row of a page. Keyset (not offset)
 * pagination stays correct while rows are added and costs the same on every page.
 */
export interface CursorPosition {
  /** The sort column's value of the last row, as text (an ISO instant, a name, ...). */
  key: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

/** Throws `validation.failed` on the `cursor` field for anything this service did not issue. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((v) => typeof v === 'string') &&
      isUuid(value[1] as string)
    ) {
      return { key: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError([{ field: 'cursor', message: 'is not a cursor issued by this API' }]);
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<T>(
  rows: T[],
  limit: number,
  position: (row: T) => CursorPosition,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
