import { createHash } from 'node:crypto';
import { QueryFailedError, type EntityManager } from 'typeorm';

/** Postgres keeps 63 bytes of a statement name; longer ones would collide on their first 63. */
const MAX_NAME_BYTES = 63;

function statementName(name: string): string {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.slice(0, MAX_NAME_BYTES - digest.length - 1)}#${digest}`;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface ConnectedQueryRunner {
  connect(): Promise<PgClient>;
}

/**
 * Runs a hot-path statement as a named prepared statement on the manager's connection: Postgres
 * parses and plans it once per pooled connection instead of once per call (a booking's snapshot
 * query spent 0.42 ms planning against 0.09 ms executing). Failures are thrown as TypeORM's
 * QueryFailedError, like `manager.query`, so constraint translation works the same.
 *
 * Only for statements whose text never changes under one name. A manager without a query runner
 * of its own (outside a transaction) runs the statement unnamed. Behind a pooler in transaction
 * mode, the pooler must support protocol-level prepared statements (PgBouncer ≥ 1.21 with
 * max_prepared_statements).
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner as unknown as ConnectedQueryRunner | undefined;
  // A manager without its own connection (dataSource.manager) takes any pooled one per call.
  if (!runner) return (await manager.query(text, values)) as T[];
  const client = await runner.connect();
  try {
    const result = await client.query({ name: statementName(name), text, values });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}

/** Combined statements by their parts' names joined (names stand for fixed texts): built once. */
const combined = new Map<string, { name: string; text: string }>();

/** One statement with its parameters ($1…), and the prepared statement name it runs under. */
export interface SqlStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * Runs several INSERT/UPDATE statements as ONE prepared statement (data-modifying CTEs) and
 * returns the rows of the first one's RETURNING: a state change, its outbox row and its audit row
 * travel in one round trip instead of three. All or nothing, like the transaction around them; a
 * constraint violation of any part fails the whole statement with that constraint's name.
 * Statement texts must not contain `$` other than their parameters.
 */
export async function preparedTogether<T = Record<string, unknown>>(
  manager: EntityManager,
  statements: SqlStatement[],
): Promise<T[]> {
  const [first, ...rest] = statements;
  if (!first) return [];
  if (rest.length === 0) return preparedQuery<T>(manager, first.name, first.text, first.values);
  const key = statements.map((s) => s.name).join('+');
  let statement = combined.get(key);
  if (statement === undefined) {
    let offset = 0;
    const parts = statements.map((part, i) => {
      const shift = offset;
      offset += part.values.length;
      return `s${i} AS (${part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + shift}`)})`;
    });
    statement = { name: statementName(key), text: `WITH ${parts.join(',\n')}\nSELECT * FROM s0` };
    combined.set(key, statement);
  }
  return preparedQuery<T>(
    manager,
    statement.name,
    statement.text,
    statements.flatMap((s) => s.values),
  );
}
