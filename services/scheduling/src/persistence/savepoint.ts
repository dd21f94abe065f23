import { sql, type Transaction } from '@carebus/persistence';

/**
 * Runs `work` in a savepoint of the caller's transaction, so a failed statement undoes only this
 * part (e.g. one EHR import of a consumer's batch) and the transaction goes on.
 */
export async function inSavepoint<T>(tx: Transaction, work: () => Promise<T>): Promise<T> {
  await tx.execute(sql`SAVEPOINT scheduling_part`);
  try {
    const result = await work();
    await tx.execute(sql`RELEASE SAVEPOINT scheduling_part`);
    return result;
  } catch (error) {
    await tx.execute(sql`ROLLBACK TO SAVEPOINT scheduling_part`);
    throw error;
  }
}
