import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { counterOn, gaugeOn, histogramOn } from '@carebus/observability';

/** `stale`: acknowledged without applying, because the handler holds a newer aggregate version. */
export type EventOutcome = 'applied' | 'duplicate' | 'stale' | 'skipped' | 'retried' | 'dead_lettered';

/**
 * Consumer runner metrics. Several runners (one per topic and group) share a registry, so each
 * metric is created once and found again by name.
 */
export class ConsumerMetrics {
  readonly events: Counter<'topic' | 'group' | 'outcome'>;
  readonly handlerDuration: Histogram<'topic' | 'group'>;
  readonly retries: Counter<'topic' | 'group'>;
  readonly deadLetters: Counter<'topic' | 'group'>;
  readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  readonly staleEvents: Counter<'consumer' | 'event_type'>;

  constructor(registry: Registry) {
    this.events = counterOn(registry, {
      name: 'carebus_consumer_events_total',
      help: 'Events the consumer runner finished with, by outcome',
      labelNames: ['topic', 'group', 'outcome'],
    });
    this.handlerDuration = histogramOn(registry, {
      name: 'carebus_consumer_handler_duration_seconds',
      help: 'Time one handler call took inside its transaction (one event, or one batch for batch handlers)',
      labelNames: ['topic', 'group'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    });
    this.retries = counterOn(registry, {
      name: 'carebus_consumer_retries_total',
      help: 'Events moved to a retry topic after a handler failure',
      labelNames: ['topic', 'group'],
    });
    this.deadLetters = counterOn(registry, {
      name: 'carebus_consumer_dead_letters_total',
      help: 'Events moved to the dead-letter topic',
      labelNames: ['topic', 'group'],
    });
    this.lag = gaugeOn(registry, {
      name: 'carebus_consumer_lag',
      help: 'Records between the last handled offset and the high watermark, per partition',
      labelNames: ['group', 'topic', 'partition'],
    });
    this.staleEvents = counterOn(registry, {
      name: 'carebus_stale_events_total',
      help: 'Events acknowledged without being applied: the consumer (group) held a newer or equal version of their aggregate',
      labelNames: ['consumer', 'event_type'],
    });
  }
}
