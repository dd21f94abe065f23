import { Injectable } from '@nestjs/common';
import { counterOn, type Counter, MetricsRegistry } from '@carebus/observability';

/** What the engine did with a clinic's key: seal or open a value, or unwrap the key itself (a cache miss). */
export type KeyOperation = 'seal' | 'open' | 'unwrap' | 'rewrap';
export type KeyOperationOutcome =
  'ok' | 'no_key' | 'invalid' | 'integrity_failed' | 'kek_unknown' | 'changed';

/**
 * The engine's own use of clinic keys, which is not an access (no alert, no audit row): counted
 * by operation and outcome only, never by clinic.
 */
@Injectable()
export class KeyMetrics {
  private readonly operations: Counter<'operation' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    this.operations = counterOn(metrics.registry, {
      name: 'carebus_ehrsync_sek_operations_total',
      help: "Uses of clinics' shared encryption keys by the sync engine and the KEK rotation, by operation and outcome",
      labelNames: ['operation', 'outcome'],
    });
  }

  count(operation: KeyOperation, outcome: KeyOperationOutcome): void {
    this.operations.inc({ operation, outcome });
  }
}
