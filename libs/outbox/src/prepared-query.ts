import { QueryFailedError, type EntityManager } from 'typeorm';

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
 * of its own (outside a transaction) runs the statement unnamed. Behind a pooler in transaction mode, the pooler must
 * support protocol-level prepared statements (PgBouncer ≥ 1.21 with max_prepared_statements).
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
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
