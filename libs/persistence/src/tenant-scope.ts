import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConstraintErrors } from './database-errors';
import { withSystemTransaction, withTenantTransaction } from './run-transaction';
import type { Transaction, Tx } from './transaction';

/** The service's constraint → domain error table (see ConstraintErrors). */
export const CONSTRAINT_ERRORS = Symbol('ConstraintErrors');

/**
 * The one way application code opens a transaction: a use case (or a thin application service)
 * calls `withTenant`, hands the `Tx` to repositories, and everything commits together or not at
 * all. Controllers, gRPC handlers and repositories never open one; event handlers get theirs from
 * the consumer runner, already set to the event's clinic.
 */
@Injectable()
export class TenantScope {
  private readonly constraints: ConstraintErrors;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(CONSTRAINT_ERRORS) constraints?: ConstraintErrors,
  ) {
    this.constraints = constraints ?? {};
  }

  /** Runs `work` for one clinic; row-level security hides every other clinic's rows. */
  withTenant<T>(clinicId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return withTenantTransaction(this.dataSource, this.constraints, clinicId, work);
  }

  /**
   * Runs work that belongs to no single clinic (e.g. claiming due jobs of every clinic through an
   * owner-run function). Tenant tables show no rows in it; switch with `tx.forTenant(clinicId)`.
   */
  withoutTenant<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return withSystemTransaction(this.dataSource, this.constraints, work);
  }
}
