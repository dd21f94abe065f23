import { ValidationError } from '@carebus/errors';
import { decodeCursor, encodeCursor, pageRequest, toPage } from './keyset-page';

const ID = '0b5e1f3a-7c2d-4e8f-9a10-000000000001';

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    expect(decodeCursor(encodeCursor({ key: '2026-01-01T10:00:00.000Z', id: ID }))).toEqual({
      key: '2026-01-01T10:00:00.000Z',
      id: ID,
    });
  });

  it.each([
    ['not base64 JSON', 'nonsense'],
    ['a forged id', Buffer.from(JSON.stringify(['k', "1' OR 1=1"])).toString('base64url')],
    ['a wrong shape', Buffer.from(JSON.stringify({ key: 'k', id: ID })).toString('base64url')],
    ['a non-string key', Buffer.from(JSON.stringify([5, ID])).toString('base64url')],
  ])('refuses %s as validation.failed on cursor', (_case, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors).toEqual([
      { field: 'cursor', message: 'is not a cursor issued by this API' },
    ]);
  });

  it('reads ?limit&cursor with the default page size', () => {
    expect(pageRequest({})).toEqual({ limit: 50, after: null });
    expect(pageRequest({ limit: 5, cursor: encodeCursor({ key: 'b', id: ID }) })).toEqual({
      limit: 5,
      after: { key: 'b', id: ID },
    });
  });

  it('cuts limit + 1 rows into a page with the cursor of its last row', () => {
    const rows = ['a', 'b', 'c'].map((key) => ({ key, id: ID }));
    const page = toPage(rows, 2, (r) => r);
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeCursor(page.nextCursor!)).toEqual({ key: 'b', id: ID });
    expect(toPage(rows, 3, (r) => r).nextCursor).toBeNull();
  });
});
