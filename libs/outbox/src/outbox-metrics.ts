import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Relay metrics; one set per registry (a process may run relays for several schemas in tests). */
export class OutboxMetrics {
  readonly backlog: Gauge<'schema'>;
  readonly oldestAge: Gauge<'schema'>;
  readonly published: Counter<'schema'>;
  readonly batchSize: Histogram<'schema'>;
  readonly publishFailures: Counter<'schema'>;
  readonly leader: Gauge<'schema'>;
  readonly leadershipLost: Counter<'schema'>;

  constructor(registry: Registry) {
    const registers = [registry];
    const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
    this.backlog =
      existing('carebus_outbox_backlog_rows') ??
      new Gauge({
        name: 'carebus_outbox_backlog_rows',
        help: 'Unpublished outbox rows',
        labelNames: ['schema'],
        registers,
      });
    this.oldestAge =
      existing('carebus_outbox_oldest_unpublished_seconds') ??
      new Gauge({
        name: 'carebus_outbox_oldest_unpublished_seconds',
        help: 'Age of the oldest unpublished outbox row',
        labelNames: ['schema'],
        registers,
      });
    this.published =
      existing('carebus_outbox_published_total') ??
      new Counter({
        name: 'carebus_outbox_published_total',
        help: 'Events published by the relay',
        labelNames: ['schema'],
        registers,
      });
    this.batchSize =
      existing('carebus_outbox_batch_size') ??
      new Histogram({
        name: 'carebus_outbox_batch_size',
        help: 'Events per relay batch',
        labelNames: ['schema'],
        buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
        registers,
      });
    this.publishFailures =
      existing('carebus_outbox_publish_failures_total') ??
      new Counter({
        name: 'carebus_outbox_publish_failures_total',
        help: 'Relay batches that the broker did not acknowledge (retried)',
        labelNames: ['schema'],
        registers,
      });
    this.leader =
      existing('carebus_outbox_relay_leader') ??
      new Gauge({
        name: 'carebus_outbox_relay_leader',
        help: '1 while this process is the active relay',
        labelNames: ['schema'],
        registers,
      });
    this.leadershipLost =
      existing('carebus_outbox_relay_leadership_lost_total') ??
      new Counter({
        name: 'carebus_outbox_relay_leadership_lost_total',
        help: 'Times this process found, at a claim or before a send, that another relay had taken over',
        labelNames: ['schema'],
        registers,
      });
  }
}
