import { Client } from 'pg';
import { createOutboxTables, OUTBOX_RELAY_OPTIONS } from '@carebus/outbox';
import { createTestDatabase, type TestDatabase } from '@carebus/testing';

export const BENCH_SCHEMA = 'notifications';
export const BENCH_OWNER = 'carebus_notifications';
export const BENCH_APP = 'carebus_notifications_app';
/**
 * The bench writes events of no tenant and counts the outbox across clinics: its app connections
 * are relay sessions, the one kind row-level security lets past the outbox's tenant policy.
 */
export const BENCH_APP_OPTIONS = OUTBOX_RELAY_OPTIONS;

/**
 * A throwaway database like a service's: outbox + inbox tables, a per-aggregate counter table
 * (the "state change") and a plain events table for the raw baseline.
 */
export async function createBenchDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase('carebus_bench');
  const owner = new Client({ connectionString: db.url(BENCH_OWNER) });
  await owner.connect();
  try {
    await createOutboxTables(owner, BENCH_SCHEMA);
    await owner.query(
      `CREATE TABLE ${BENCH_SCHEMA}.sequences (aggregate_id text PRIMARY KEY, seq bigint NOT NULL DEFAULT 0)`,
    );
    await owner.query(`
      CREATE TABLE ${BENCH_SCHEMA}.plain_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL, aggregate_id text NOT NULL, event_type text NOT NULL,
        payload bytea NOT NULL, headers jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await owner.query(`
      CREATE TABLE ${BENCH_SCHEMA}.effects (
        event_id text NOT NULL, aggregate_id text NOT NULL, latency_ms double precision NOT NULL,
        kafka_latency_ms double precision NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  } finally {
    await owner.end();
  }
  return db;
}
