import { empty, join as joinValues, raw, Sql, type RawValue } from 'sql-template-tag';

/**
 * SQL and its parameters, numbered by construction: each `${value}` in `sql\`…\`` becomes `$n`,
 * and an `Sql` nested in another is inlined with its parameters renumbered. Nothing is spliced
 * into the text but `raw` pieces, which are for fixed text written in code (never input).
 * Values are whatever node-postgres binds: strings, numbers, booleans, null, Dates, Buffers,
 * arrays (for `= ANY($n)` and `unnest`), objects (json).
 */
export function sql(strings: readonly string[], ...values: unknown[]): Sql {
  return new Sql(strings, values as RawValue[]);
}

/** Values or fragments separated by `separator`, e.g. `IN (${join(ids)})`. */
export function join(values: readonly unknown[], separator = ','): Sql {
  return joinValues(values as RawValue[], separator);
}

export { empty, raw, Sql };

/**
 * Several statements run as ONE (data-modifying CTEs), answering the first one's rows: a state
 * change, its outbox row and its audit row travel in one round trip instead of three. All or
 * nothing, like the transaction around it; a constraint violation of any part fails the whole
 * statement with that constraint's name.
 */
export function together(first: Sql, ...rest: Sql[]): Sql {
  if (rest.length === 0) return first;
  const parts = [first, ...rest].map((part, i) => sql`${raw(`s${i}`)} AS (${part})`);
  return sql`WITH ${join(parts, ',\n')}\nSELECT * FROM s0`;
}
