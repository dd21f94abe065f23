import { QueryFailedError } from 'typeorm';

/** What PostgreSQL says about a failed statement that the application may act on. */
export interface PgErrorFields {
  /** SQLSTATE, e.g. `23505` (unique_violation). */
  code?: string;
  constraint?: string;
}

/**
 * Domain errors by constraint name, one table per service (in `<service>.errors.ts`): a unique,
 * exclusion, foreign-key or check violation becomes the error its constraint stands for.
 */
export type ConstraintErrors = Readonly<Record<string, () => Error>>;

/** The SQLSTATE and constraint of a failed statement (pg's error, or TypeORM's wrapping of it). */
export function pgErrorOf(error: unknown): PgErrorFields | null {
  if (error instanceof QueryFailedError) {
    const driver = (error as QueryFailedError & { driverError?: PgErrorFields }).driverError ?? {};
    return { code: driver.code, constraint: driver.constraint };
  }
  if (isPgError(error)) return { code: error.code, constraint: error.constraint };
  return null;
}

/** The domain error for a constraint violation, or the error unchanged. */
export function translateDatabaseError(error: unknown, constraints: ConstraintErrors): unknown {
  const constraint = pgErrorOf(error)?.constraint;
  const translate = constraint === undefined ? undefined : constraints[constraint];
  return translate ? translate() : error;
}

function isPgError(error: unknown): error is Error & PgErrorFields {
  // pg's DatabaseError: an Error with a five-character SQLSTATE.
  return error instanceof Error && typeof (error as PgErrorFields).code === 'string' && 'severity' in error;
}
