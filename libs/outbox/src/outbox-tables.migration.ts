/** A TypeORM QueryRunner, a pg Client or anything else that runs SQL. */
export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/**
 * The setting the outbox relay puts on its own connections (`-c carebus.outbox_relay=on`): such a
 * session reads and marks the outbox rows of every clinic. Every other session sees its tenant's.
 */
export const OUTBOX_RELAY_SETTING = 'carebus.outbox_relay';

/** The connection options a cross-clinic reader of the outbox (the relay, its pruning) starts with. */
export const OUTBOX_RELAY_OPTIONS = `-c ${OUTBOX_RELAY_SETTING}=on`;

/**
 * The outbox and inbox of one service schema. The outbox is written by the app role inside tenant
 * transactions and read across tenants by the relay (row-level security, see
 * `isolateOutboxTables`). `seq` orders publication (assigned at insert, i.e. after the state change took its row lock,
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
  await isolateOutboxTables(q, schema);
}

/**
 * Forced row-level security on the outbox and the inbox (idempotent; binds the owner role too).
 *
 * - `outbox` holds event payloads: a session sees and adds the rows of its tenant only
 *   (`carebus.clinic_id`, the same setting the tenant tables' policies read), except a relay
 *   session (OUTBOX_RELAY_SETTING), which publishes, marks and prunes the rows of every clinic.
 * - `processed_events` has no clinic: it holds consumer names and event ids, nothing of a clinic
 *   or a patient. The consumer runner claims events in a transaction that has no tenant yet (a
 *   batch may span clinics; the handler switches to the event's clinic afterwards), and uniqueness
 *   of (consumer, event id) must hold across clinics, so its policy admits every session. It is
 *   forced anyway, so that the table is under row-level security like every other one and a
 *   narrower policy added later binds everyone.
 */
export async function isolateOutboxTables(q: SqlRunner, schema: string): Promise<void> {
  const tenant = `NULLIF(current_setting('carebus.clinic_id', true), '')::uuid`;
  const relay = `current_setting('${OUTBOX_RELAY_SETTING}', true) = 'on'`;
  for (const table of ['outbox', 'processed_events']) {
    await q.query(`ALTER TABLE ${schema}.${table} ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE ${schema}.${table} FORCE ROW LEVEL SECURITY`);
  }
  await q.query(`DROP POLICY IF EXISTS tenant_or_relay ON ${schema}.outbox`);
  await q.query(`CREATE POLICY tenant_or_relay ON ${schema}.outbox
    USING (clinic_id = ${tenant} OR ${relay}) WITH CHECK (clinic_id = ${tenant} OR ${relay})`);
  await q.query(`DROP POLICY IF EXISTS no_clinic ON ${schema}.processed_events`);
  await q.query(`CREATE POLICY no_clinic ON ${schema}.processed_events USING (true) WITH CHECK (true)`);
}

/** Undoes `isolateOutboxTables`: the outbox and inbox without row-level security. */
export async function unisolateOutboxTables(q: SqlRunner, schema: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS tenant_or_relay ON ${schema}.outbox`);
  await q.query(`DROP POLICY IF EXISTS no_clinic ON ${schema}.processed_events`);
  for (const table of ['outbox', 'processed_events']) {
    await q.query(`ALTER TABLE ${schema}.${table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
  }
}

export async function dropOutboxTables(q: SqlRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS ${schema}.processed_events`);
  await q.query(`DROP TABLE IF EXISTS ${schema}.outbox`);
  await q.query(`DROP TABLE IF EXISTS ${schema}.outbox_relay_state`);
  await q.query(`DROP FUNCTION IF EXISTS ${schema}.outbox_notify()`);
}
