import { Injectable } from '@nestjs/common';
import { counterOn, type Counter, MetricsRegistry } from '@carebus/observability';
import type { SyncCounts, SyncRunKind, SyncRunState } from './sync-run';

/** Sync runs and imported rows, by kind and outcome only: never a clinic, connection or run id. */
@Injectable()
export class SyncMetrics {
  private readonly runs: Counter<'kind' | 'outcome'>;
  private readonly appointments: Counter<'result'>;

  constructor(metrics: MetricsRegistry) {
    this.runs = counterOn(metrics.registry, {
      name: 'carebus_ehrsync_sync_runs_total',
      help: 'Sync runs that ended, by kind (full, appointments, on_demand) and outcome',
      labelNames: ['kind', 'outcome'],
    });
    this.appointments = counterOn(metrics.registry, {
      name: 'carebus_ehrsync_appointments_total',
      help: 'EHR appointments read by sync runs, by result (created, updated, unchanged, failed, skipped)',
      labelNames: ['result'],
    });
  }

  runEnded(kind: SyncRunKind, outcome: SyncRunState): void {
    this.runs.inc({ kind, outcome });
  }

  page(c: SyncCounts): void {
    for (const result of ['created', 'updated', 'unchanged', 'failed', 'skipped'] as const)
      if (c[result] > 0) this.appointments.inc({ result }, c[result]);
  }
}
