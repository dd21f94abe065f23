import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { ConnectionCredentials, EhrConnection } from '../connections/connection';
import { ConnectionCredentialsVault } from '../connections/connection-credentials';
import { ConnectionsRepository } from '../connections/connections.repository';
import type { ConnectionMappings } from '../mappings/mapping';
import { MappingsRepository } from '../mappings/mappings.repository';
import type { SyncRun, SyncRunKind } from './sync-run';
import { SyncRunsRepository } from './sync-runs.repository';
import {
  SyncSchedulesRepository,
  type ClaimedConnection,
  type SyncSchedule,
} from './sync-schedules.repository';
import { SYNC_SETTINGS, type SyncSettings } from './sync-settings';
import { SyncRunFinish } from './sync-run-finish';

/** Everything a run needs, read in its first short transaction. */
export interface StartedRun {
  run: SyncRun;
  connection: EhrConnection;
  credentials: ConnectionCredentials;
  mappings: ConnectionMappings;
  watermark: string | null;
}

export const RUNNER_LOST = {
  code: 'ehrsync.sync_runner_lost',
  message:
    'The runner stopped before the run ended; another runner took the run over after its lease expired.',
};

/**
 * The first transaction of a run on a claimed connection: which work is due (a stopped runner's
 * run first, then an admin's request, the full sync, the appointment sync), the ledger row, the
 * schedule marked running under this runner's lease, the credentials opened and the mappings read.
 */
@Injectable()
export class SyncRunStart {
  constructor(
    private readonly tenant: TenantScope,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runs: SyncRunsRepository,
    private readonly connections: ConnectionsRepository,
    private readonly vault: ConnectionCredentialsVault,
    private readonly mappings: MappingsRepository,
    private readonly finish: SyncRunFinish,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SYNC_SETTINGS) private readonly settings: SyncSettings,
  ) {}

  start(claim: ClaimedConnection): Promise<StartedRun | null> {
    const owner = this.settings.runnerId;
    return this.tenant.withTenant(claim.clinicId, async (tx) => {
      const schedule = await this.schedules.find(tx, claim.connectionId, true);
      const connection = await this.connections.find(tx, claim.connectionId);
      if (!schedule || schedule.leaseOwner !== owner || !connection) return null;
      const now = this.clock.now();
      const { kind, run, takenOverFrom } = await this.pick(tx, schedule, claim, now);
      if (!kind) {
        await this.schedules.release(tx, claim.connectionId, owner, {});
        return null;
      }
      let started = run;
      if (!started) {
        const id = randomUUID();
        await this.runs.insert(tx, {
          id,
          connectionId: claim.connectionId,
          token: randomUUID(),
          kind,
          state: 'running',
          requestedBy: null,
          at: now,
          runner: owner,
          takenOverFrom,
        });
        started = (await this.runs.find(tx, claim.connectionId, id))!;
      }
      await this.schedules.markRunning(
        tx,
        { connectionId: claim.connectionId, owner, runId: started.id },
        kind === 'on_demand' && !takenOverFrom,
      );
      if (connection.status !== 'active') {
        // Scheduled work waits for a re-authentication silently; a request or a taken-over run is answered in the ledger.
        const error = {
          code:
            connection.status === 'deauthorized'
              ? 'ehrsync.connection_deauthorized'
              : 'ehrsync.connection_in_error',
          message: 'The connection must be re-authenticated before it syncs.',
        };
        await this.finish.finishIn(tx, started, schedule, error, kind !== 'on_demand' && !takenOverFrom);
        return null;
      }
      return {
        run: started,
        connection,
        credentials: await this.vault.open(tx, connection.id, connection.sealedCredentials),
        mappings: await this.mappings.load(tx, connection.id),
        watermark: schedule.watermark,
      };
    });
  }

  private async pick(
    tx: Tx,
    schedule: SyncSchedule,
    claim: ClaimedConnection,
    now: Date,
  ): Promise<{ kind: SyncRunKind | null; run: SyncRun | null; takenOverFrom: string | null }> {
    const previousId = claim.previousRunId ?? schedule.runningRunId;
    if (previousId) {
      const previous = await this.runs.find(tx, claim.connectionId, previousId);
      if (previous && previous.state === 'running') {
        await this.runs.finish(tx, previous.id, 'abandoned', now, RUNNER_LOST);
        return { kind: previous.kind, run: null, takenOverFrom: previous.id };
      }
    }
    if (schedule.onDemandRunId) {
      const queued = await this.runs.find(tx, claim.connectionId, schedule.onDemandRunId);
      if (queued && queued.state === 'queued') {
        return {
          kind: 'on_demand',
          run: await this.runs.start(tx, queued.id, this.settings.runnerId, now),
          takenOverFrom: null,
        };
      }
    }
    if (schedule.fullDueAt <= now) return { kind: 'full', run: null, takenOverFrom: null };
    if (schedule.appointmentsDueAt <= now) return { kind: 'appointments', run: null, takenOverFrom: null };
    return { kind: null, run: null, takenOverFrom: null };
  }
}
