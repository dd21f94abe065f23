import type { DomainError } from '@carebus/errors';
import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/** The Postgres error code and constraint of a failed query, when it is one. */
export function pgErrorOf(error: unknown): PgError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driver = (error as QueryFailedError & { driverError?: PgError }).driverError ?? {};
  return { code: driver.code, constraint: driver.constraint };
}

/**
 * Translates a constraint violation into the domain error named for that constraint, once, in
 * the repository; anything else is rethrown unchanged.
 */
export function translateConstraint(error: unknown, byConstraint: Record<string, () => DomainError>): never {
  const pg = pgErrorOf(error);
  const translate = pg?.constraint ? byConstraint[pg.constraint] : undefined;
  throw translate ? translate() : error;
}
