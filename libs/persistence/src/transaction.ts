import type { QueryRunner } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { sql, type Sql } from './sql';
import { translateDatabaseError, type ConstraintErrors } from './database-errors';
import { statementName } from './statement-names';
import { isUuid } from './uuid';

/** Checks one row as the database returned it and gives it its type (a zod schema fits). */
export interface RowSchema<T> {
  parse(row: unknown): T;
}

export interface QueryOptions {
  /**
   * Run as a named prepared statement: PostgreSQL parses and plans it once per pooled connection
   * instead of on every call. For hot statements whose text is fixed; each distinct text stays
   * prepared on every connection, so not for texts built from varying input.
   */
  prepared?: boolean;
}

interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{
    rows: unknown[];
    rowCount: number | null;
  }>;
}

/**
 * An open transaction with no tenant set: row-level security shows it no tenant rows. For work
 * that is no one clinic's (claiming due jobs of all clinics, the inbox); `forTenant` turns it into
 * a clinic's `Tx`. The only way to reach the database from application code: every statement
 * goes through `rows`/`maybeOne`/`one`/`execute`, which check the rows and translate constraint
 * violations to domain errors.
 */
export class Transaction {
  constructor(
    private readonly runner: QueryRunner,
    private readonly constraints: ConstraintErrors,
  ) {}

  /** Every row, each checked by `row`. */
  async rows<T>(query: Sql, row: RowSchema<T>, options?: QueryOptions): Promise<T[]> {
    const result = await this.run(query, options);
    return result.rows.map((r) => row.parse(r));
  }

  /** The one row, or undefined when there is none; more than one is a programming error. */
  async maybeOne<T>(query: Sql, row: RowSchema<T>, options?: QueryOptions): Promise<T | undefined> {
    const result = await this.run(query, options);
    if (result.rows.length > 1) throw new Error(`expected at most one row, got ${result.rows.length}`);
    return result.rows.length === 0 ? undefined : row.parse(result.rows[0]);
  }

  /** The one row the statement must return (e.g. INSERT … RETURNING). */
  async one<T>(query: Sql, row: RowSchema<T>, options?: QueryOptions): Promise<T> {
    const found = await this.maybeOne(query, row, options);
    if (found === undefined) throw new Error('expected one row, got none');
    return found;
  }

  /** Runs a statement for its effect; answers the number of rows it touched. */
  async execute(query: Sql, options?: QueryOptions): Promise<number> {
    return (await this.run(query, options)).rowCount ?? 0;
  }

  /** The same transaction acting for one clinic from now on (row-level security included). */
  async forTenant(clinicId: string): Promise<Tx> {
    if (!isUuid(clinicId)) throw new Error('forTenant: the clinic id must be a UUID');
    const tenant = clinicId.toLowerCase();
    await this.run(sql`SELECT set_config('carebus.clinic_id', ${tenant}, true)`, { prepared: true });
    return new Tx(this.runner, this.constraints, tenant);
  }

  private async run(query: Sql, options?: QueryOptions) {
    // A Tx kept past its commit would otherwise write, outside any transaction, on a connection
    // already back in the pool and serving someone else.
    if (this.runner.isReleased || !this.runner.isTransactionActive) {
      throw new Error('the transaction has ended: statements run only inside withTenant/withoutTenant');
    }
    const client = (await this.runner.connect()) as PgClient;
    const text = query.text;
    try {
      return await client.query(
        options?.prepared
          ? { name: statementName(text), text, values: query.values }
          : { text, values: query.values },
      );
    } catch (error) {
      const translated = translateDatabaseError(error, this.constraints);
      // The parameters are left out: they may be patient data, and errors get logged.
      throw translated === error ? new QueryFailedError(text, undefined, error as Error) : translated;
    }
  }
}

/** A transaction acting for one clinic: repositories scope their statements by `clinicId`. */
export class Tx extends Transaction {
  constructor(
    runner: QueryRunner,
    constraints: ConstraintErrors,
    readonly clinicId: string,
  ) {
    super(runner, constraints);
  }
}
