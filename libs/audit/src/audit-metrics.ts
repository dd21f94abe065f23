import type { Counter, Gauge, Registry } from 'prom-client';
import { counterOn, gaugeOn } from '@carebus/observability';

/** The sealer's figures: how far sealing lags the writes (the unsealed window) and how much it did. */
export class AuditMetrics {
  readonly unsealedAge: Gauge;
  readonly sealed: Counter;
  readonly anchors: Counter;
  readonly failures: Counter;

  constructor(registry: Registry) {
    this.unsealedAge = gaugeOn(registry, {
      name: 'carebus_audit_unsealed_age_seconds',
      help: 'Age of the oldest audit row not yet chained (0 when all are sealed)',
    });
    this.sealed = counterOn(registry, {
      name: 'carebus_audit_rows_sealed_total',
      help: 'Audit rows chained by the sealer',
    });
    this.anchors = counterOn(registry, {
      name: 'carebus_audit_anchors_total',
      help: 'Audit chain heads anchored',
    });
    this.failures = counterOn(registry, {
      name: 'carebus_audit_sealer_failures_total',
      help: 'Sealing passes that failed',
    });
  }
}
