import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '@carebus/errors';
import { counterOn, gaugeOn, type Counter, MetricsRegistry } from '@carebus/observability';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import { WriteQueueRepository } from './write-queue.repository';

export type WriteOutcome = 'done' | 'retry' | 'parked' | 'lost_lease';

type Totals = Awaited<ReturnType<WriteQueueRepository['totals']>>;

/**
 * The write queue on /metrics: attempts by kind and outcome, and depth and oldest age read at
 * scrape time with one aggregate query. Labels never carry a clinic, connection or record id
 * (per connection: `WriteQueueRepository.status`, for the status API). Every replica reports the
 * same gauges (aggregate with max, not sum).
 */
@Injectable()
export class WriteBackMetrics {
  readonly writes: Counter<'kind' | 'outcome'>;
  readonly drainErrors: Counter<'stage'>;
  private readonly logger = new Logger('WriteBackMetrics');
  private sampling: Promise<Totals | null> | null = null;

  constructor(
    metrics: MetricsRegistry,
    private readonly tenant: TenantScope,
    private readonly queue: WriteQueueRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const registry = metrics.registry;
    this.writes = counterOn(registry, {
      name: 'carebus_ehrsync_write_attempts_total',
      help: 'Attempts to write to clinics EHRs, by write kind and outcome (done, retry, parked, lost_lease)',
      labelNames: ['kind', 'outcome'],
    });
    this.drainErrors = counterOn(registry, {
      name: 'carebus_ehrsync_write_drain_errors_total',
      help: 'Drainer passes that threw: claiming due writes, or applying one (its lease expires, it is retried)',
      labelNames: ['stage'],
    });
    const sample = () => this.sample();
    gaugeOn(registry, {
      name: 'carebus_ehrsync_write_queue_pending',
      help: 'Writes to EHRs waiting in the retry queue, all clinics',
      async collect() {
        const totals = await sample();
        if (totals) this.set(totals.pending);
      },
    });
    gaugeOn(registry, {
      name: 'carebus_ehrsync_write_queue_parked',
      help: 'Parked writes to EHRs waiting for an operator, all clinics',
      async collect() {
        const totals = await sample();
        if (totals) this.set(totals.parked);
      },
    });
    gaugeOn(registry, {
      name: 'carebus_ehrsync_write_queue_oldest_seconds',
      help: 'Age of the oldest pending write to an EHR (0 when none waits)',
      async collect() {
        const totals = await sample();
        if (totals) this.set(totals.oldestPendingSeconds);
      },
    });
  }

  /** One query per scrape, shared by the gauges; when the database does not answer they keep their values. */
  private sample(): Promise<Totals | null> {
    this.sampling ??= this.tenant
      .withoutTenant((tx) => this.queue.totals(tx, this.clock.now()))
      .catch((error: Error) => {
        this.logger.warn({ err: describeError(error) }, 'reading the write queue totals failed');
        return null;
      })
      .finally(() => {
        this.sampling = null;
      });
    return this.sampling;
  }
}
