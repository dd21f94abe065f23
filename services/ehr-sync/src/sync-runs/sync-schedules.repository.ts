import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { sql, type Transaction, type Tx } from '@carebus/persistence';

export interface ClaimedConnection {
  connectionId: string;
  clinicId: string;
  /** The run a stopped runner left behind (its lease expired), to take over. */
  previousRunId: string | null;
}

export interface SyncSchedule {
  connectionId: string;
  fullDueAt: Date;
  appointmentsDueAt: Date;
  onDemandRunId: string | null;
  watermark: string | null;
  runningRunId: string | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
}

const ClaimRow = z.object({
  connectionId: z.string(),
  clinicId: z.string(),
  previousRunId: z.string().nullable(),
});

const ScheduleRow = z.object({
  connectionId: z.string(),
  fullDueAt: z.date(),
  appointmentsDueAt: z.date(),
  onDemandRunId: z.string().nullable(),
  watermark: z.string().nullable(),
  runningRunId: z.string().nullable(),
  leaseOwner: z.string().nullable(),
  leaseUntil: z.date().nullable(),
});

const COLUMNS = sql`connection_id AS "connectionId", full_due_at AS "fullDueAt",
  appointments_due_at AS "appointmentsDueAt", on_demand_run_id AS "onDemandRunId", watermark,
  running_run_id AS "runningRunId", lease_owner AS "leaseOwner", lease_until AS "leaseUntil"`;

/** Who holds a connection's lease, and for which run. */
export interface Lease {
  connectionId: string;
  owner: string;
  runId: string;
}

/**
 * The sync schedule of each connection (ehr_sync.sync_schedules): due times, the on-demand
 * request, the appointment-sync watermark and the lease of the one runner working on it.
 */
@Injectable()
export class SyncSchedulesRepository {
  /** One connection with due work and a free (or expired) lease, of any clinic; ids only. */
  async claimDue(
    tx: Transaction,
    now: Date,
    owner: string,
    leaseMs: number,
  ): Promise<ClaimedConnection | null> {
    const row = await tx.maybeOne(
      sql`SELECT connection_id AS "connectionId", clinic_id AS "clinicId", previous_run_id AS "previousRunId"
            FROM ehr_sync.claim_due_sync(${now}, ${owner}, ${leaseMs})`,
      ClaimRow,
      { prepared: true },
    );
    return row ?? null;
  }

  async find(tx: Tx, connectionId: string, lock = false): Promise<SyncSchedule | null> {
    const row = await tx.maybeOne(
      sql`SELECT ${COLUMNS} FROM ehr_sync.sync_schedules
           WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid ${lock ? sql`FOR UPDATE` : sql``}`,
      ScheduleRow,
    );
    return row ?? null;
  }

  /** The run starts under the caller's lease; false when the lease is no longer the caller's. */
  async markRunning(tx: Tx, lease: Lease, clearOnDemand: boolean): Promise<boolean> {
    return (
      (await tx.execute(
        sql`UPDATE ehr_sync.sync_schedules
               SET running_run_id = ${lease.runId},
                   on_demand_run_id = CASE WHEN ${clearOnDemand}::boolean THEN NULL ELSE on_demand_run_id END
             WHERE clinic_id = ${tx.clinicId} AND connection_id = ${lease.connectionId}::uuid
               AND lease_owner = ${lease.owner}`,
      )) === 1
    );
  }

  /** Extends the lease (after each page); false when another runner has taken the run over. */
  async renew(tx: Tx, lease: Lease, until: Date, watermark?: string | null): Promise<boolean> {
    return (
      (await tx.execute(
        sql`UPDATE ehr_sync.sync_schedules
               SET lease_until = ${until},
                   watermark = CASE WHEN ${watermark !== undefined}::boolean THEN ${watermark ?? null} ELSE watermark END
             WHERE clinic_id = ${tx.clinicId} AND connection_id = ${lease.connectionId}::uuid
               AND lease_owner = ${lease.owner} AND running_run_id = ${lease.runId}::uuid`,
        { prepared: true },
      )) === 1
    );
  }

  /** Ends the caller's lease and sets the next due times; false when the lease is no longer the caller's. */
  async release(
    tx: Tx,
    connectionId: string,
    owner: string,
    next: { fullDueAt?: Date; appointmentsDueAt?: Date },
  ): Promise<boolean> {
    return (
      (await tx.execute(
        sql`UPDATE ehr_sync.sync_schedules
               SET running_run_id = NULL, lease_owner = NULL, lease_until = NULL,
                   full_due_at = COALESCE(${next.fullDueAt ?? null}::timestamptz, full_due_at),
                   appointments_due_at = COALESCE(${next.appointmentsDueAt ?? null}::timestamptz, appointments_due_at)
             WHERE clinic_id = ${tx.clinicId} AND connection_id = ${connectionId}::uuid AND lease_owner = ${owner}`,
      )) === 1
    );
  }

  /** Records an on-demand request unless one is waiting already; answers the waiting run's id. */
  async requestOnDemand(tx: Tx, connectionId: string, runId: string): Promise<string | null> {
    const row = await tx.maybeOne(
      sql`UPDATE ehr_sync.sync_schedules s
             SET on_demand_run_id = COALESCE(s.on_demand_run_id, ${runId}::uuid)
           WHERE s.clinic_id = ${tx.clinicId} AND s.connection_id = ${connectionId}::uuid
          RETURNING s.on_demand_run_id AS "runId"`,
      z.object({ runId: z.string() }),
    );
    return row?.runId ?? null;
  }
}
