import type { DataSource } from 'typeorm';
import { EVENTS, encodeEventPayload } from '@carebus/contracts';
import { raw, sql, withSystemTransaction } from '@carebus/persistence';
import type { Outbox } from '../outbox';

const Seq = { parse: (row: unknown) => BigInt((row as { seq: string }).seq) };

/** Per-aggregate counters the load generator increments; the source of truth for "expected". */
export async function createSequenceTable(
  db: { query(sql: string): Promise<unknown> },
  schema: string,
): Promise<void> {
  await db.query(
    `CREATE TABLE ${schema}.sequences (aggregate_id text PRIMARY KEY, seq bigint NOT NULL DEFAULT 0)`,
  );
}

export interface SequenceLoadOptions {
  dataSource: DataSource;
  outbox: Outbox;
  schema: string;
  topic: string;
  clinicId: string;
  aggregates: string[];
  /** Transactions to commit (one event each). */
  events: number;
  concurrency: number;
  /** Optional pacing: at most this many commits per second over all workers. */
  ratePerSecond?: number;
  /** Bytes of padding per event, to size payloads. */
  paddingBytes?: number;
}

export interface SequenceLoadResult {
  committed: number;
  failed: number;
  firstError?: string;
  /** Last committed sequence per aggregate, read back from the database. */
  last: Map<string, number>;
}

/**
 * Commits "update a row + add one outbox event" transactions: each bumps one aggregate's counter
 * and adds a SequencedEvent carrying the new value, so a consumer can check order and gaps.
 */
export async function runSequenceLoad(options: SequenceLoadOptions): Promise<SequenceLoadResult> {
  const { dataSource, outbox, schema, topic, clinicId, aggregates } = options;
  await dataSource.query(
    `INSERT INTO ${schema}.sequences (aggregate_id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`,
    [aggregates],
  );
  const padding = new Uint8Array(options.paddingBytes ?? 0);
  let next = 0;
  let committed = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = Date.now();
  const worker = async () => {
    while (next < options.events) {
      const n = next++;
      if (options.ratePerSecond) {
        const wait = started + (n * 1000) / options.ratePerSecond - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const aggregateId = aggregates[n % aggregates.length]!;
      try {
        await withSystemTransaction(dataSource, {}, async (tx) => {
          const sequence = await tx.one(
            sql`UPDATE ${raw(schema)}.sequences SET seq = seq + 1 WHERE aggregate_id = ${aggregateId} RETURNING seq`,
            Seq,
          );
          await outbox.add(tx, {
            type: EVENTS.testSequenced.type,
            topic,
            aggregateType: EVENTS.testSequenced.aggregateType,
            aggregateId,
            clinicId,
            payload: encodeEventPayload(EVENTS.testSequenced, { aggregateId, sequence, padding }),
          });
        });
        committed++;
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const rows: { aggregate_id: string; seq: string }[] = await dataSource.query(
    `SELECT aggregate_id, seq FROM ${schema}.sequences WHERE aggregate_id = ANY($1::text[])`,
    [aggregates],
  );
  return {
    committed,
    failed,
    ...(firstError ? { firstError } : {}),
    last: new Map(rows.map((r) => [r.aggregate_id, Number(r.seq)])),
  };
}
