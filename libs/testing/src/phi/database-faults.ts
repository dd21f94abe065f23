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
  // pg_stat_activity is read once per transaction: the lock holder's own session would see the
  // moment before the request arrived forever, so a second session watches.
  const watcher = new Client({ connectionString: db.url() });
  await admin.connect();
  await watcher.connect();
  try {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    let settled: string | undefined;
    const answer = request();
    answer.then(
      (value) => (settled = `it answered ${JSON.stringify(value).slice(0, 300)}`),
      (error: Error) => (settled = `it failed: ${error.message}`),
    );
    const found = await waitFor(
      async () => (settled ? { settled } : waitingBackend(watcher, appRole, table)),
      {
        what: `a statement of ${appRole} waiting on ${table}`,
        timeoutMs: 15_000,
      },
    );
    if ('settled' in found)
      throw new Error(`the request ended before its statement waited on ${table}: ${found.settled}`);
    await fault(found.pid, admin);
    await admin.query('ROLLBACK');
    return await answer;
  } finally {
    await admin.end();
    await watcher.end();
  }
}

/** The backend of `appRole` whose statement on `table` waits for a lock, if there is one yet. */
async function waitingBackend(
  watcher: Client,
  appRole: string,
  table: string,
): Promise<{ pid: number } | undefined> {
  const waiting = await watcher.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND usename = $1 AND wait_event_type = 'Lock'
        AND query ILIKE '%' || $2 || '%'`,
    [appRole, table],
  );
  return waiting.rows[0];
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
