import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { adapterCredentials, systemOf } from '../connections/connection';
import { createEhrAdapter } from '../ehr-adapters/create-ehr-adapter';
import type { EhrAppointment, EhrPage } from '../ehr-adapters/ehr-appointment';
import { EhrAdapterError } from '../ehr-adapters/ehr-adapter.errors';
import { AppointmentImport, type ImportBatch } from '../import/appointment-import';
import { readAhead } from './read-ahead';
import { SyncMetrics } from './sync-metrics';
import { SyncRunFinish, type RunError } from './sync-run-finish';
import { SyncRunStart, type StartedRun } from './sync-run-start';
import type { SyncRun } from './sync-run';
import { SyncRunsRepository } from './sync-runs.repository';
import { SyncSchedulesRepository, type ClaimedConnection } from './sync-schedules.repository';
import { SYNC_SETTINGS, type SyncSettings } from './sync-settings';

/** Another runner took the run over: this one stops without writing anything more. */
class LeaseLost extends Error {}

/**
 * Runs the due work of one claimed connection: the EHR is read page by page through the adapter
 * (the run's token on every call), and each page is imported in its own transaction that also
 * renews the lease, counts the page in the ledger and moves the watermark. The next page is read
 * while the current one commits (`readAhead`): memory holds two pages at most, whatever the size
 * of the schedule.
 */
@Injectable()
export class RunSyncUseCase {
  private readonly logger = new Logger('SyncRun');

  constructor(
    private readonly tenant: TenantScope,
    private readonly starter: SyncRunStart,
    private readonly finisher: SyncRunFinish,
    private readonly schedules: SyncSchedulesRepository,
    private readonly runs: SyncRunsRepository,
    private readonly imports: AppointmentImport,
    private readonly metrics: SyncMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SYNC_SETTINGS) private readonly settings: SyncSettings,
  ) {}

  /** Answers the finished run, or null when nothing ran (nothing due, or the run was lost to another runner). */
  async execute(claim: ClaimedConnection): Promise<SyncRun | null> {
    const started = await this.starter.start(claim);
    if (!started) return null;
    let error: RunError | null = null;
    try {
      await this.stream(started);
    } catch (e) {
      if (e instanceof LeaseLost) {
        this.logger.warn(
          { runId: started.run.id, connectionId: claim.connectionId },
          'sync run taken over by another runner',
        );
        return null;
      }
      error = runErrorOf(e);
      this.logger.warn(
        { runId: started.run.id, connectionId: claim.connectionId, err: describeError(e) },
        'sync run failed',
      );
    }
    return this.finisher.finish(started.run, error);
  }

  private async stream(s: StartedRun): Promise<void> {
    const { run, connection } = s;
    const adapter = createEhrAdapter(systemOf(connection.style), {
      baseUrl: connection.baseUrl,
      runToken: run.token,
      timeoutMs: this.settings.ehrTimeoutMs,
    });
    await adapter.authenticate(adapterCredentials(s.credentials));
    const pages: AsyncIterable<EhrPage<EhrAppointment>> =
      run.kind === 'appointments'
        ? adapter.changes(s.watermark, this.settings.pageSize)
        : adapter.appointments({ pageSize: this.settings.pageSize });
    const batch: ImportBatch = {
      clinicId: run.clinicId,
      connectionId: connection.id,
      ehrSystem: connection.style,
      syncRunId: run.id,
      mappings: s.mappings,
      unavailableClasses: new Set(connection.settings.unavailableAppointmentClasses),
      providerIds: new Set(connection.settings.providerIds),
    };
    const lease = { connectionId: connection.id, owner: this.settings.runnerId, runId: run.id };
    for await (const page of readAhead(pages)) {
      const counts = await this.tenant.withTenant(run.clinicId, async (tx) => {
        const now = this.clock.now();
        const until = new Date(now.getTime() + this.settings.leaseMs);
        if (!(await this.schedules.renew(tx, lease, until, page.watermark))) throw new LeaseLost();
        const c = await this.imports.importPage(tx, batch, page.items, now);
        await this.runs.addCounts(tx, run.id, c);
        return c;
      });
      this.metrics.page(counts);
    }
  }
}

function runErrorOf(e: unknown): RunError {
  if (e instanceof EhrAdapterError) return { code: e.code, message: e.message };
  return { code: 'ehrsync.sync_failed', message: 'The sync run failed inside Carebus; see the service log.' };
}
