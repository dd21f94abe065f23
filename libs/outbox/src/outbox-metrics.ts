import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counterOn, gaugeOn, histogramOn } from '@carebus/observability';

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
    this.backlog = gaugeOn(registry, {
      name: 'carebus_outbox_backlog_rows',
      help: 'Unpublished outbox rows',
      labelNames: ['schema'],
    });
    this.oldestAge = gaugeOn(registry, {
      name: 'carebus_outbox_oldest_unpublished_seconds',
      help: 'Age of the oldest unpublished outbox row',
      labelNames: ['schema'],
    });
    this.published = counterOn(registry, {
      name: 'carebus_outbox_published_total',
      help: 'Events published by the relay',
      labelNames: ['schema'],
    });
    this.batchSize = histogramOn(registry, {
      name: 'carebus_outbox_batch_size',
      help: 'Events per relay batch',
      labelNames: ['schema'],
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
    });
    this.publishFailures = counterOn(registry, {
      name: 'carebus_outbox_publish_failures_total',
      help: 'Relay batches that the broker did not acknowledge (retried)',
      labelNames: ['schema'],
    });
    this.leader = gaugeOn(registry, {
      name: 'carebus_outbox_relay_leader',
      help: '1 while this process is the active relay',
      labelNames: ['schema'],
    });
    this.leadershipLost = counterOn(registry, {
      name: 'carebus_outbox_relay_leadership_lost_total',
      help: 'Times this process found, at a claim or before a send, that another relay had taken over',
      labelNames: ['schema'],
    });
  }
}
