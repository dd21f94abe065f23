import { join, raw, sql, together } from './sql';

describe('sql', () => {
  it('numbers parameters in order, nested fragments included', () => {
    const filter = sql`AND name = ${'Anna'}`;
    const query = sql`SELECT id FROM t WHERE clinic_id = ${'c1'} ${filter} LIMIT ${10}`;
    expect(query.text).toBe('SELECT id FROM t WHERE clinic_id = $1 AND name = $2 LIMIT $3');
    expect(query.values).toEqual(['c1', 'Anna', 10]);
  });

  it('keeps a value out of the text even when it looks like SQL or a placeholder', () => {
    const query = sql`SELECT ${"'; DROP TABLE t; --"}, ${'$1'}`;
    expect(query.text).toBe('SELECT $1, $2');
    expect(query.values).toEqual(["'; DROP TABLE t; --", '$1']);
  });
});

describe('together', () => {
  const insert = (id: number) => sql`INSERT INTO things (id) VALUES (${id}) RETURNING id`;
  const note = (id: number, text: string) => sql`INSERT INTO notes (thing_id, note) VALUES (${id}, ${text})`;

  it('is the statement itself when alone', () => {
    const one = insert(1);
    expect(together(one)).toBe(one);
  });

  it('chains statements as CTEs answering the first, with parameters numbered across parts', () => {
    const query = together(insert(1), note(1, 'a'), note(1, 'b'));
    expect(query.text).toBe(
      'WITH s0 AS (INSERT INTO things (id) VALUES ($1) RETURNING id),\n' +
        's1 AS (INSERT INTO notes (thing_id, note) VALUES ($2, $3)),\n' +
        's2 AS (INSERT INTO notes (thing_id, note) VALUES ($4, $5))\nSELECT * FROM s0',
    );
    expect(query.values).toEqual([1, 1, 'a', 1, 'b']);
  });

  it('gives the same text for the same shape, so it can run prepared', () => {
    expect(together(insert(1), note(1, 'a')).text).toBe(together(insert(2), note(3, 'z')).text);
  });

  it('composes with join and raw fixed text', () => {
    const columns = join([raw('id'), raw('name')]);
    expect(sql`SELECT ${columns} FROM t WHERE id IN (${join([1, 2, 3])})`.text).toBe(
      'SELECT id,name FROM t WHERE id IN ($1,$2,$3)',
    );
  });
});
