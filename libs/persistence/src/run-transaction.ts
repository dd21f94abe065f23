import type { DataSource, QueryRunner } from 'typeorm';
import { translateDatabaseError, type ConstraintErrors } from './database-errors';
import { Transaction, Tx } from './transaction';
import { isUuid } from './uuid';

/** TypeORM's transaction bookkeeping on a query runner (transactionDepth is protected). */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * Runs `work` in a transaction on one pooled connection: commit when it resolves, roll back when
 * it throws. With a clinic, the row-level-security tenant is set in the same round trip as
 * START TRANSACTION (a two-statement simple query; on a busy host every round trip costs a
 * socket write of ~0.1 ms). A constraint violation, also one found at COMMIT, leaves as the
 * domain error `constraints` names for it.
 */
export async function runTransaction<T>(
  dataSource: DataSource,
  constraints: ConstraintErrors,
  clinicId: string | null,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  // The id is inlined as a literal (a simple query takes no parameters): only a UUID may pass.
  if (clinicId !== null && !isUuid(clinicId))
    throw new Error('the clinic id of a transaction must be a UUID');
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    // Marked first, as TypeORM does: should the opening statement fail half-way, the rollback
    // below still runs and the connection goes back to the pool clean.
    Object.assign(runner as unknown as TransactionState, { isTransactionActive: true, transactionDepth: 1 });
    try {
      await runner.query(
        clinicId === null
          ? 'START TRANSACTION'
          : `START TRANSACTION; SELECT set_config('carebus.clinic_id', '${clinicId.toLowerCase()}', true)`,
      );
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw translateDatabaseError(error, constraints);
    }
  } finally {
    await runner.release();
  }
}

/** `runTransaction` acting for one clinic. */
export function withTenantTransaction<T>(
  dataSource: DataSource,
  constraints: ConstraintErrors,
  clinicId: string,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  return runTransaction(dataSource, constraints, clinicId, (runner) =>
    work(new Tx(runner, constraints, clinicId.toLowerCase())),
  );
}

/** `runTransaction` with no tenant set. */
export function withSystemTransaction<T>(
  dataSource: DataSource,
  constraints: ConstraintErrors,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return runTransaction(dataSource, constraints, null, (runner) =>
    work(new Transaction(runner, constraints)),
  );
}
