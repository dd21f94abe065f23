import { Client } from 'pg';
import type { TcpProxy } from '../tcp-proxy';
import type { TestDatabase } from '../test-database';
import { waitFor } from '../wait-for';

/** What happens to the service's connection while its statement waits (`admin` holds the lock). */
export type DatabaseFault = (blockedPid: number, admin: Client) => Promise<void>;

/**
 * Makes `request` fail inside PostgreSQL, mid-request: a superuser holds an ACCESS EXCLUSIVE lock
 * on `table`, so the statement the request sends as `appRole` waits; then `fault` strikes that
 * backend, the lock is let go, and the request's answer is returned, whatever it is.
 */
export async function faultMidRequest<T>(
  db: TestDatabase,
  appRole: string,
  table: string,
  request: () => Promise<T>,
  fault: DatabaseFault,
): Promise<T> {
  const admin = new Client({ connectionString: db.url() });
  await admin.connect();
  try {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    const answer = request();
    answer.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const pid = await waitFor(
      async () =>
        (
          await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND usename = $1 AND wait_event_type = 'Lock'`,
            [appRole],
          )
        ).rows[0]?.pid,
      { what: `a statement of ${appRole} waiting on ${table}`, timeoutMs: 15_000 },
    );
    await fault(pid, admin);
    await admin.query('ROLLBACK');
    return await answer;
  } finally {
    await admin.end();
  }
}

/** Terminates the waiting backend (the service sees SQLSTATE 57P01). */
export const terminateBackend: DatabaseFault = async (pid, admin) => {
  await admin.query('SELECT pg_terminate_backend($1)', [pid]);
};

/** Drops every connection through the proxy (the service sees a reset socket), then lets new ones in. */
export function cutConnection(proxy: TcpProxy): DatabaseFault {
  return async () => {
    await proxy.cut();
    await proxy.start();
  };
}
