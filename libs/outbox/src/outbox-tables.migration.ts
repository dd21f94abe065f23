/** A TypeORM QueryRunner, a pg Client or anything else that runs SQL. */
export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/**
 * The outbox and inbox of one service schema. Infrastructure tables: written by the app role
 * inside tenant transactions, read across tenants by the relay, so no row-level security here.
 * `seq` orders publication (assigned at insert, i.e. after the state change took its row lock,
 * so one aggregate's events are numbered in commit order); `id` (UUID v7) is the event id, unique
 * by construction: no index on it, since every index costs the write path (see benchmarks/).
 */
export async function createOutboxTables(q: SqlRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${schema}.outbox (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id uuid NOT NULL,
      clinic_id uuid NOT NULL,
      aggregate_type text NOT NULL,
      aggregate_id text NOT NULL,
      event_type text NOT NULL,
      topic text NOT NULL,
      payload bytea NOT NULL,
      headers jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
  // The relay's claim walks this index. No index on published_at: the relay marks every row, and
  // pruning walks the primary key from its start (published rows are nearly a prefix of seq).
  await q.query(`CREATE INDEX outbox_unpublished ON ${schema}.outbox (seq) WHERE published_at IS NULL`);
  // The relay says here whether it is asleep. Inserts NOTIFY only then: a NOTIFY takes a global
  // lock at commit, which under load would serialise every writer (measured: −30 % tx/s), while
  // a busy relay finds new rows without being told.
  await q.query(`
    CREATE TABLE ${schema}.outbox_relay_state (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      sleeping boolean NOT NULL DEFAULT true
    )`);
  await q.query(`INSERT INTO ${schema}.outbox_relay_state DEFAULT VALUES`);
  await q.query(`
    CREATE FUNCTION ${schema}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (SELECT sleeping FROM ${schema}.outbox_relay_state) THEN
        PERFORM pg_notify('${schema}_outbox', '');
      END IF;
      RETURN NULL;
    END $$`);
  await q.query(`
    CREATE TRIGGER outbox_notify AFTER INSERT ON ${schema}.outbox
    FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.outbox_notify()`);
  await q.query(`
    CREATE TABLE ${schema}.processed_events (
      consumer text NOT NULL,
      event_id text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
  await q.query(`CREATE INDEX processed_events_at ON ${schema}.processed_events (processed_at)`);
}

export async function dropOutboxTables(q: SqlRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${schema}.processed_events`);
  await q.query(`DROP TABLE IF EXISTS ${schema}.outbox`);
  await q.query(`DROP TABLE IF EXISTS ${schema}.outbox_relay_state`);
  await q.query(`DROP FUNCTION IF EXISTS ${schema}.outbox_notify()`);
}
