import { join, raw, sql, type Sql } from '@carebus/persistence';

/** Column names by field, written in code: the only text these helpers put into SQL. */
export type Columns<T> = { readonly [K in keyof T]-?: string };

/** The columns and values of the fields a change sets (undefined: left as is; null: cleared). */
export function definedFields<T extends object>(
  change: Partial<T>,
  columns: Columns<T>,
): { names: Sql[]; values: unknown[] } {
  const fields = (Object.keys(columns) as (keyof T)[]).filter((field) => change[field] !== undefined);
  return { names: fields.map((field) => raw(columns[field])), values: fields.map((field) => change[field]) };
}

/** The `column = value, …` list of a partial update; null when the change sets nothing. */
export function assignments<T extends object>(change: Partial<T>, columns: Columns<T>): Sql | null {
  const { names, values } = definedFields(change, columns);
  if (names.length === 0) return null;
  return join(
    names.map((name, i) => sql`${name} = ${values[i]}`),
    ', ',
  );
}

/** Whether a change sets anything: an empty change bumps no version and emits no event. */
export function hasChanges(change: object): boolean {
  return Object.values(change).some((value) => value !== undefined);
}
