import { Inject, Injectable, Logger } from '@nestjs/common';
import { describeError } from '@carebus/errors';
import {
  counterOn,
  gaugeOn,
  histogramOn,
  type Counter,
  type Histogram,
  MetricsRegistry,
} from '@carebus/observability';
import { TenantScope } from '@carebus/persistence';
import { CLOCK, type Clock } from '@carebus/platform';
import type { DeliveryChannel } from '../channels/channel';
import { NotificationsRepository, type DueBacklog } from './notifications.repository';

/** What one pass of the sender did; `in_doubt` counts resends of an attempt a crash left unknown. */
export type DeliveryOutcome =
  'sent' | 'retry' | 'fallback' | 'failed' | 'suppressed' | 'delayed' | 'in_doubt';

/**
 * Delivery metrics on the service's registry. Labels are channel, outcome and stage only, never
 * clinic, recipient or message data. The backlog gauges are read at scrape time with one
 * aggregate query; every replica reports the same numbers (aggregate with max, not sum).
 */
@Injectable()
export class DeliveryMetrics {
  readonly deliveries: Counter<'channel' | 'outcome'>;
  readonly providerDuration: Histogram<'channel'>;
  readonly dispatchErrors: Counter<'stage'>;
  private readonly logger = new Logger('DeliveryMetrics');
  private sampling: Promise<DueBacklog | null> | null = null;

  constructor(
    metrics: MetricsRegistry,
    private readonly tenant: TenantScope,
    private readonly jobs: NotificationsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const registry = metrics.registry;
    this.deliveries = counterOn(registry, {
      name: 'carebus_notifications_deliveries_total',
      help: 'Notification send outcomes by channel (sent, retry, fallback, failed, suppressed, delayed, in_doubt)',
      labelNames: ['channel', 'outcome'],
    });
    this.providerDuration = histogramOn(registry, {
      name: 'carebus_notifications_provider_call_duration_seconds',
      help: 'Time of one provider call (SMTP send, webhook POST with its retries)',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.dispatchErrors = counterOn(registry, {
      name: 'carebus_notifications_dispatch_errors_total',
      help: 'Dispatcher passes that threw: claiming due jobs, or sending one (its lease expires, it is retried)',
      labelNames: ['stage'],
    });
    const sample = () => this.sampleBacklog();
    gaugeOn(registry, {
      name: 'carebus_notifications_due_backlog_jobs',
      help: 'Pending notifications of all clinics whose due time has passed',
      async collect() {
        const backlog = await sample();
        if (backlog) this.set(backlog.due);
      },
    });
    const now = () => this.clock.now().getTime();
    gaugeOn(registry, {
      name: 'carebus_notifications_oldest_due_seconds',
      help: 'How long the oldest due pending notification has been waiting (0 when none is due)',
      async collect() {
        const backlog = await sample();
        if (!backlog) return;
        const at = now(); // one reading: two could differ by a millisecond when nothing is due
        const since = backlog.oldestDueAt ? new Date(backlog.oldestDueAt).getTime() : at;
        this.set(Math.max(0, (at - since) / 1000));
      },
    });
  }

  outcome(channel: DeliveryChannel | null, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ channel: channel ?? 'none', outcome });
  }

  /**
   * One query per scrape, shared by both gauges (the registry collects them concurrently). When
   * the database does not answer, the gauges keep their last values and the scrape still succeeds.
   */
  private sampleBacklog(): Promise<DueBacklog | null> {
    // An aggregate over every clinic (owner-run function): no tenant to act for.
    this.sampling ??= this.tenant
      .withoutTenant((tx) => this.jobs.dueBacklog(tx, this.clock.now()))
      .catch((error: Error) => {
        this.logger.warn({ err: describeError(error) }, 'reading the due backlog failed');
        return null;
      })
      .finally(() => {
        this.sampling = null;
      });
    return this.sampling;
  }
}
