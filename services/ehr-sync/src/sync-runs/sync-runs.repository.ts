import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { empty, raw, sql, toPage, type Page, type PageRequest, type Tx } from '@carebus/persistence';
import { SYNC_RUN_KINDS, SYNC_RUN_STATES, type SyncCounts, type SyncRun, type SyncRunKind } from './sync-run';

const COLUMNS = raw(`id, clinic_id AS "clinicId", connection_id AS "connectionId", token, kind, state,
  requested_by AS "requestedBy", requested_at AS "requestedAt", started_at AS "startedAt",
  finished_at AS "finishedAt", runner, read, created, updated, unchanged, failed, skipped,
  error_code AS "errorCode", error_message AS "errorMessage", taken_over_from AS "takenOverFrom"`);

const RunRow = z.object({
  id: z.string(),
  clinicId: z.string(),
  connectionId: z.string(),
  token: z.string(),
  kind: z.enum(SYNC_RUN_KINDS),
  state: z.enum(SYNC_RUN_STATES),
  requestedBy: z.string().nullable(),
  requestedAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  runner: z.string().nullable(),
  read: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  failed: z.number(),
  skipped: z.number(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  takenOverFrom: z.string().nullable(),
});

export interface NewRun {
  id: string;
  connectionId: string;
  token: string;
  kind: SyncRunKind;
  state: 'queued' | 'running';
  requestedBy: string | null;
  at: Date;
  runner: string | null;
  takenOverFrom: string | null;
}

/** The run ledger (ehr_sync.sync_runs, row-level security by clinic). */
@Injectable()
export class SyncRunsRepository {
  async insert(tx: Tx, r: NewRun): Promise<void> {
    await tx.execute(
      sql`INSERT INTO ehr_sync.sync_runs (id, clinic_id, connection_id, token, kind, state, requested_by,
            requested_at, started_at, runner, taken_over_from)
          VALUES (${r.id}, ${tx.clinicId}, ${r.connectionId}, ${r.token}, ${r.kind}, ${r.state}, ${r.requestedBy},
            ${r.at}, ${r.state === 'running' ? r.at : null}, ${r.runner}, ${r.takenOverFrom})`,
    );
  }

  async find(tx: Tx, connectionId: string, id: string): Promise<SyncRun | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.sync_runs
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND id = ${id}::uuid`,
      RunRow,
      { prepared: true },
    );
    return row ?? null;
  }

  /** Newest first. */
  async list(tx: Tx, connectionId: string, page: PageRequest): Promise<Page<SyncRun>> {
    const after = page.after
      ? sql`AND (requested_at, id) < (${page.after.key}::timestamptz, ${page.after.id}::uuid)`
      : empty;
    const rows = await tx.rows(
      sql`SELECT ${COLUMNS} FROM ehr_sync.sync_runs
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid ${after}
           ORDER BY requested_at DESC, id DESC LIMIT ${page.limit + 1}`,
      RunRow,
    );
    return toPage(rows, page.limit, (r) => ({ key: r.requestedAt.toISOString(), id: r.id }));
  }

  /** The connection's last finished run (any outcome but abandoned). */
  async lastFinished(tx: Tx, connectionId: string): Promise<SyncRun | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.sync_runs
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid
             AND state IN ('succeeded', 'partially_succeeded', 'failed')
           ORDER BY finished_at DESC LIMIT 1`,
      RunRow,
      { prepared: true },
    );
    return row ?? null;
  }

  /** A queued on-demand run starts under this runner. */
  async start(tx: Tx, id: string, runner: string, at: Date): Promise<SyncRun> {
    return tx.one(
      sql`UPDATE ehr_sync.sync_runs SET state = 'running', started_at = ${at}, runner = ${runner}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid RETURNING ${COLUMNS}`,
      RunRow,
    );
  }

  async addCounts(tx: Tx, id: string, c: SyncCounts): Promise<void> {
    await tx.execute(
      sql`UPDATE ehr_sync.sync_runs
             SET read = read + ${c.read}, created = created + ${c.created}, updated = updated + ${c.updated},
                 unchanged = unchanged + ${c.unchanged}, failed = failed + ${c.failed}, skipped = skipped + ${c.skipped}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
      { prepared: true },
    );
  }

  /** A run row written in a transaction that then found nothing to run. */
  async remove(tx: Tx, id: string): Promise<void> {
    await tx.execute(
      sql`DELETE FROM ehr_sync.sync_runs WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid`,
    );
  }

  async finish(
    tx: Tx,
    id: string,
    state: 'succeeded' | 'partially_succeeded' | 'failed' | 'abandoned',
    at: Date,
    error: { code: string; message: string } | null,
  ): Promise<SyncRun> {
    return tx.one(
      sql`UPDATE ehr_sync.sync_runs
             SET state = ${state}, finished_at = ${at}, error_code = ${error?.code ?? null},
                 error_message = ${error?.message ?? null}
           WHERE clinic_id = ${tx.clinicId} AND id = ${id}::uuid RETURNING ${COLUMNS}`,
      RunRow,
    );
  }
}
