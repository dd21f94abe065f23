import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@carebus/audit';
import { TenantScope, type Page, type PageRequest } from '@carebus/persistence';
import type { ConnectionStatus } from '../connections/connection';
import { assertConnectionAdmin, type ConnectionActor } from '../connections/connection-access';
import { ConnectionsRepository } from '../connections/connections.repository';
import { connectionNotFound, syncRunNotFound } from '../ehr-sync.errors';
import { syncEntry } from './sync-access';
import type { SyncRun } from './sync-run';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedulesRepository } from './sync-schedules.repository';
import { WriteQueueRepository, type QueueStatus } from '../write-back/write-queue.repository';

/** The status panel of a connection's sync (requirements §3). */
export interface SyncStatus {
  connectionId: string;
  connectionStatus: ConnectionStatus;
  /** The connection is active and its last finished run did not fail. */
  working: boolean;
  lastRun: SyncRun | null;
  /** The run going on now, if any. */
  currentRun: SyncRun | null;
  nextFullSyncAt: Date | null;
  nextAppointmentSyncAt: Date | null;
  onDemandQueued: boolean;
  /** The last error: the connection's own, or the last finished run's. */
  lastError: { code: string; message: string | null; at: Date } | null;
  /** The write-back retry queue: writes waiting, writes parked, the oldest waiting write's age. */
  writeQueue: QueueStatus;
}

/** Reads a connection's sync status and its run ledger (clinic admins; audited). */
@Injectable()
export class SyncStatusUseCase {
  constructor(
    private readonly tenant: TenantScope,
    private readonly connections: ConnectionsRepository,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runs: SyncRunsRepository,
    private readonly writeQueue: WriteQueueRepository,
    private readonly audit: AuditTrail,
  ) {}

  status(actor: ConnectionActor, connectionId: string): Promise<SyncStatus> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const connection = await this.connections.find(tx, connectionId);
      if (!connection) throw connectionNotFound();
      const schedule = await this.schedules.find(tx, connectionId);
      const lastRun = await this.runs.lastFinished(tx, connectionId);
      const currentRun = schedule?.runningRunId
        ? await this.runs.find(tx, connectionId, schedule.runningRunId)
        : null;
      const writeQueue = await this.writeQueue.status(tx, connectionId, new Date());
      await this.audit.record(tx, syncEntry(actor, 'status', connectionId, 'allowed'));
      const connectionError =
        connection.status === 'active' || !connection.statusCode
          ? null
          : { code: connection.statusCode, message: null, at: connection.statusChangedAt };
      const runError = lastRun?.errorCode
        ? { code: lastRun.errorCode, message: lastRun.errorMessage, at: lastRun.finishedAt! }
        : null;
      return {
        connectionId,
        connectionStatus: connection.status,
        working: connection.status === 'active' && lastRun?.state !== 'failed',
        lastRun,
        currentRun: currentRun?.state === 'running' ? currentRun : null,
        nextFullSyncAt: schedule?.fullDueAt ?? null,
        nextAppointmentSyncAt: schedule?.appointmentsDueAt ?? null,
        onDemandQueued: schedule?.onDemandRunId != null,
        lastError: connectionError ?? runError,
        writeQueue,
      };
    });
  }

  ledger(actor: ConnectionActor, connectionId: string, page: PageRequest): Promise<Page<SyncRun>> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      if (!(await this.connections.find(tx, connectionId))) throw connectionNotFound();
      const found = await this.runs.list(tx, connectionId, page);
      await this.audit.record(tx, syncEntry(actor, 'runs', connectionId, 'allowed'));
      return found;
    });
  }

  run(actor: ConnectionActor, connectionId: string, runId: string): Promise<SyncRun> {
    assertConnectionAdmin(actor);
    return this.tenant.withTenant(actor.clinicId, async (tx) => {
      const run = await this.runs.find(tx, connectionId, runId);
      if (!run) throw syncRunNotFound();
      await this.audit.record(tx, syncEntry(actor, 'run', connectionId, 'allowed'));
      return run;
    });
  }
}
