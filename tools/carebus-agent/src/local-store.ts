import { DatabaseSync } from 'node:sqlite';

/**
 * The agent's durable state in one SQLite file (WAL, synchronous=FULL so a commit survives
 * kill -9 and power loss): commands received but not yet run, results still to report, and
 * each component's execution log.
 */
export function openLocalStore(path: string): DatabaseSync {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS execution_log (
      idempotency_id TEXT PRIMARY KEY,
      component TEXT NOT NULL,
      command_id TEXT NOT NULL,
      outcome TEXT NOT NULL,
      result TEXT NOT NULL,
      executions INTEGER NOT NULL,
      deliveries INTEGER NOT NULL,
      executed_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS result_outbox (
      command_id TEXT PRIMARY KEY,
      idempotency_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      outcome TEXT NOT NULL,
      result TEXT NOT NULL,
      produced_at TEXT NOT NULL,
      acknowledged_at TEXT
    );
    CREATE TABLE IF NOT EXISTS command_inbox (
      command_id TEXT PRIMARY KEY,
      idempotency_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      deadline TEXT,
      received_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS result_outbox_pending ON result_outbox (produced_at) WHERE acknowledged_at IS NULL;
  `);
  return db;
}

/** Runs `work` in one SQLite transaction (BEGIN IMMEDIATE: one writer at a time). */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const value = work();
    db.exec('COMMIT');
    return value;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
