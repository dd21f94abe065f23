import type { EntityManager, QueryRunner } from 'typeorm';
import { raw, sql, type Transaction } from '@carebus/persistence';
import type { SequencedEvent } from '@carebus/contracts';

/**
 * The effect the delivery tests count: one row per applied (aggregate, sequence) — deliberately
 * without a unique key, so a double application shows up as a duplicate instead of an error — and
 * a per-aggregate counter that also notes any sequence applied out of order.
 */
export async function createSequenceTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`CREATE TABLE ${schema}.applied_sequences (
    aggregate_id text NOT NULL, sequence bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  await q.query(`CREATE TABLE ${schema}.sequence_counters (
    aggregate_id text PRIMARY KEY, applied integer NOT NULL, last_sequence bigint NOT NULL,
    out_of_order integer NOT NULL DEFAULT 0)`);
}

export async function applySequencedEvent(
  tx: Transaction,
  schema: string,
  event: SequencedEvent,
): Promise<void> {
  const sequence = String(event.sequence);
  await tx.execute(
    sql`INSERT INTO ${raw(schema)}.applied_sequences (aggregate_id, sequence) VALUES (${event.aggregateId}, ${sequence}::bigint)`,
  );
  await tx.execute(
    sql`INSERT INTO ${raw(schema)}.sequence_counters AS c (aggregate_id, applied, last_sequence, out_of_order)
     VALUES (${event.aggregateId}, 1, ${sequence}::bigint, CASE WHEN ${sequence}::bigint = 1 THEN 0 ELSE 1 END)
     ON CONFLICT (aggregate_id) DO UPDATE SET applied = c.applied + 1, last_sequence = EXCLUDED.last_sequence,
       out_of_order = c.out_of_order + CASE WHEN EXCLUDED.last_sequence = c.last_sequence + 1 THEN 0 ELSE 1 END`,
  );
}

export interface SequenceReport {
  applied: number;
  aggregates: number;
  /** (aggregate, sequence) pairs applied more than once. */
  duplicates: number;
  outOfOrder: number;
}

export async function sequenceReport(manager: EntityManager, schema: string): Promise<SequenceReport> {
  const [row] = (await manager.query(`SELECT
      (SELECT count(*) FROM ${schema}.applied_sequences)::int AS applied,
      (SELECT count(*) FROM ${schema}.sequence_counters)::int AS aggregates,
      (SELECT count(*) FROM (SELECT 1 FROM ${schema}.applied_sequences
         GROUP BY aggregate_id, sequence HAVING count(*) > 1) d)::int AS duplicates,
      (SELECT coalesce(sum(out_of_order), 0) FROM ${schema}.sequence_counters)::int AS "outOfOrder"`)) as SequenceReport[];
  return row!;
}
