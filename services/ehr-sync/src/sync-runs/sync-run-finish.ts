import { Inject, Injectable } from '@nestjs/common';
import { Outbox } from '@carebus/outbox';
import { TenantScope, type Tx } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { ClinicTimeZones } from './clinic-time-zones';
import { nextLocalMidnight } from './next-midnight';
import type { SyncRun } from './sync-run';
import { syncRunFinishedEvent } from './sync-run-events';
import { SyncMetrics } from './sync-metrics';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedulesRepository, type SyncSchedule } from './sync-schedules.repository';
import { SYNC_SETTINGS, type SyncSettings } from './sync-settings';

export interface RunError {
  code: string;
  message: string;
}

/**
 * The last transaction of a run: the ledger row's outcome, the next due times (the full sync at
 * the clinic's next local midnight, the appointment sync one interval on), the lease released and
 * SyncRunFinished through the outbox, together. Nothing is written when the lease is no longer
 * this runner's (another took the run over).
 */
@Injectable()
export class SyncRunFinish {
  constructor(
    private readonly tenant: TenantScope,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runs: SyncRunsRepository,
    private readonly outbox: Outbox,
    private readonly timeZones: ClinicTimeZones,
    private readonly metrics: SyncMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SYNC_SETTINGS) private readonly settings: SyncSettings,
  ) {}

  finish(run: SyncRun, error: RunError | null): Promise<SyncRun | null> {
    return this.tenant.withTenant(run.clinicId, async (tx) => {
      const schedule = await this.schedules.find(tx, run.connectionId, true);
      if (!schedule || schedule.leaseOwner !== this.settings.runnerId || schedule.runningRunId !== run.id)
        return null;
      return this.finishIn(tx, run, schedule, error, false);
    });
  }

  /** Inside the caller's transaction, which holds the schedule's row lock. `quiet`: no ledger outcome, no event. */
  async finishIn(
    tx: Tx,
    run: SyncRun,
    schedule: SyncSchedule,
    error: RunError | null,
    quiet: boolean,
  ): Promise<SyncRun> {
    const now = this.clock.now();
    const next: { fullDueAt?: Date; appointmentsDueAt?: Date } = {};
    if (run.kind === 'full' || quiet)
      next.fullDueAt = nextLocalMidnight(now, await this.timeZones.of(tx, this.settings.defaultTimeZone));
    if (run.kind !== 'on_demand' || quiet)
      next.appointmentsDueAt = new Date(now.getTime() + this.settings.appointmentIntervalMs);
    await this.schedules.release(tx, run.connectionId, this.settings.runnerId, next);
    if (quiet) {
      // Nothing ran: the run row written for this turn goes again.
      await this.runs.remove(tx, run.id);
      return run;
    }
    const current = (await this.runs.find(tx, run.connectionId, run.id))!;
    const state = error ? 'failed' : current.failed > 0 ? 'partially_succeeded' : 'succeeded';
    const finished = await this.runs.finish(tx, run.id, state, now, error);
    const nextRunAt = new Date(
      Math.min(
        (next.fullDueAt ?? schedule.fullDueAt).getTime(),
        (next.appointmentsDueAt ?? schedule.appointmentsDueAt).getTime(),
      ),
    );
    await this.outbox.add(tx, syncRunFinishedEvent(this.settings.alertTopic, finished, nextRunAt));
    this.metrics.runEnded(finished.kind, finished.state);
    return finished;
  }
}
