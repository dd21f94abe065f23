import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  empty,
  raw,
  sql,
  toPage,
  type Page,
  type PageRequest,
  type Transaction,
  type Tx,
} from '@carebus/persistence';
import { WRITE_KINDS, WRITE_STATUSES, type NewWrite, type WriteItem } from './write-item';

const COLUMNS = raw(`id, seq::text AS seq, clinic_id AS "clinicId", connection_id AS "connectionId",
  subject_type AS "subjectType", subject_id AS "subjectId", kind, payload, source_event_id AS "sourceEventId",
  status, attempts, next_attempt_at AS "nextAttemptAt", enqueued_at AS "enqueuedAt", age_from AS "ageFrom",
  last_error_code AS "lastErrorCode", external_id AS "externalId", finished_at AS "finishedAt"`);

const ItemRow = z.object({
  id: z.string(),
  seq: z.string(),
  clinicId: z.string(),
  connectionId: z.string(),
  subjectType: z.enum(['appointment', 'journal_entry']),
  subjectId: z.string(),
  kind: z.enum(WRITE_KINDS),
  payload: z.record(z.string(), z.unknown()),
  sourceEventId: z.string(),
  status: z.enum(WRITE_STATUSES),
  attempts: z.number(),
  nextAttemptAt: z.date(),
  enqueuedAt: z.date(),
  ageFrom: z.date(),
  lastErrorCode: z.string().nullable(),
  externalId: z.string().nullable(),
  finishedAt: z.date().nullable(),
});

const toItem = (row: z.infer<typeof ItemRow>): WriteItem => row as unknown as WriteItem;

export interface ClaimRequest {
  now: Date;
  limit: number;
  owner: string;
  leaseMs: number;
}

/** A connection's queue as the status API shows it. */
export interface QueueStatus {
  pending: number;
  parked: number;
  /** Age of the oldest pending write in ms; null when none is pending. */
  oldestPendingAgeMs: number | null;
}

/** The durable write queue (ehr_sync.write_queue, row-level security by clinic). */
@Injectable()
export class WriteQueueRepository {
  /** Adds writes; a write already queued for the same event (a redelivery) is left alone. */
  async enqueue(tx: Tx, writes: NewWrite[], at: Date): Promise<number> {
    let added = 0;
    for (const w of writes) {
      added += await tx.execute(
        sql`INSERT INTO ehr_sync.write_queue (id, clinic_id, connection_id, subject_type, subject_id, kind, payload,
              source_event_id, status, next_attempt_at, enqueued_at, age_from)
            VALUES (${w.id}, ${tx.clinicId}, ${w.connectionId}, ${w.subjectType}, ${w.subjectId}, ${w.kind},
              ${JSON.stringify(w.payload)}::jsonb, ${w.sourceEventId}, 'pending', ${at}, ${at}, ${at})
            ON CONFLICT ON CONSTRAINT write_queue_event DO NOTHING`,
        { prepared: true },
      );
    }
    return added;
  }

  /** Whether the subject has a write for the connection already (any status). */
  async hasWrite(tx: Tx, connectionId: string, subjectId: string): Promise<boolean> {
    const row = await tx.maybeOne(
      sql`SELECT 1 AS found FROM ehr_sync.write_queue
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND subject_id = ${subjectId}::uuid
           LIMIT 1`,
      z.object({ found: z.number() }),
    );
    return row !== undefined;
  }

  /** Leases due writes of every clinic (the oldest pending one of each subject) to `owner`. */
  claimDue(tx: Transaction, claim: ClaimRequest): Promise<{ id: string; clinicId: string }[]> {
    return tx.rows(
      sql`SELECT id, clinic_id AS "clinicId"
            FROM ehr_sync.claim_due_writes(${claim.now}, ${claim.limit}, ${claim.owner}, ${claim.leaseMs})`,
      z.object({ id: z.string(), clinicId: z.string() }),
    );
  }

  /** The write, locked, while `owner` still holds its lease and it is pending; null otherwise. */
  async leased(tx: Tx, id: string, owner: string): Promise<WriteItem | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.write_queue
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = 'pending' AND lease_owner = ${owner}
           FOR UPDATE`,
      ItemRow,
      { prepared: true },
    );
    return row ? toItem(row) : null;
  }

  async find(tx: Tx, id: string, lock = false): Promise<WriteItem | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.write_queue WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid${raw(lock ? ' FOR UPDATE' : '')}`,
      ItemRow,
    );
    return row ? toItem(row) : null;
  }

  async markDone(tx: Tx, id: string, externalId: string | null, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.write_queue
             SET status = 'done', external_id = ${externalId}, finished_at = ${at}, attempts = attempts + 1,
                 lease_owner = NULL, lease_until = NULL, last_error_code = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
      { prepared: true },
    );
  }

  async retryLater(tx: Tx, id: string, code: string, nextAttemptAt: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.write_queue
             SET attempts = attempts + 1, next_attempt_at = ${nextAttemptAt}, last_error_code = ${code},
                 lease_owner = NULL, lease_until = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
      { prepared: true },
    );
  }

  /** The EHR asked the whole connection to wait (429, or it is down): its other writes wait too. */
  async holdConnection(tx: Tx, connectionId: string, until: Date): Promise<void> {
    // Rows another drainer holds are skipped (they get their own answer from the EHR); no deadlocks.
    await tx.execute(
      sql`UPDATE ehr_sync.write_queue SET next_attempt_at = ${until}
           WHERE id IN (SELECT id FROM ehr_sync.write_queue
                         WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid
                           AND status = 'pending' AND lease_owner IS NULL AND next_attempt_at < ${until}
                         FOR UPDATE SKIP LOCKED)`,
      { prepared: true },
    );
  }

  async park(tx: Tx, id: string, code: string, at: Date): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.write_queue
             SET status = 'parked', last_error_code = ${code}, finished_at = ${at}, attempts = attempts + 1,
                 lease_owner = NULL, lease_until = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
      { prepared: true },
    );
  }

  /** An operator's retry: pending again now, its age counted afresh. False when it is not parked. */
  async unpark(tx: Tx, id: string, at: Date): Promise<boolean> {
    const changed = await tx.execute(
      sql`UPDATE ehr_sync.write_queue
             SET status = 'pending', next_attempt_at = ${at}, age_from = ${at}, finished_at = NULL,
                 attempts = 0, lease_owner = NULL, lease_until = NULL
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid AND status = 'parked'`,
    );
    return changed === 1;
  }

  async listParked(tx: Tx, page: PageRequest): Promise<Page<WriteItem>> {
    const after = page.after
      ? sql`AND (finished_at, id) > (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM ehr_sync.write_queue WHERE clinic_id = ${tx.clinicId} AND status = 'parked' ${after}
          ORDER BY finished_at, id LIMIT ${page.limit + 1}`,
      ItemRow,
    );
    return toPage(rows.map(toItem), page.limit, (w) => ({ key: w.finishedAt!.toISOString(), id: w.id }));
  }

  /** Depth and oldest pending age of one connection's queue (the status API's source). */
  async status(tx: Tx, connectionId: string, now: Date): Promise<QueueStatus> {
    const row = await tx.one(
      sql`SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
                 count(*) FILTER (WHERE status = 'parked')::int AS parked,
                 min(enqueued_at) FILTER (WHERE status = 'pending') AS oldest
            FROM ehr_sync.write_queue
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND status <> 'done'`,
      z.object({ pending: z.number(), parked: z.number(), oldest: z.date().nullable() }),
    );
    return {
      pending: row.pending,
      parked: row.parked,
      oldestPendingAgeMs: row.oldest ? Math.max(0, now.getTime() - row.oldest.getTime()) : null,
    };
  }

  /** Every clinic's totals for /metrics (no ids). */
  totals(tx: Transaction, now: Date) {
    return tx.one(
      sql`SELECT pending::int AS pending, parked::int AS parked, oldest_pending_seconds AS "oldestPendingSeconds"
            FROM ehr_sync.write_queue_totals(${now})`,
      z.object({ pending: z.number(), parked: z.number(), oldestPendingSeconds: z.number() }),
    );
  }
}
